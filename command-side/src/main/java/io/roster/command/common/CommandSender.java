package io.roster.command.common;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * Sends a command and waits for its result, turning "no such aggregate" into the caller's 404 (or 410
 * for an aggregate that was deleted) named after the resource the caller asked for, and a stale
 * {@code @TargetAggregateVersion} into the 412 of a stale {@code If-Match}, in the ETag's numbers.
 */
@Component
public class CommandSender {

    private static final long TIMEOUT_SECONDS = 30;

    private final CommandGateway gateway;

    public CommandSender(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public <R> R send(Object command, String resource, String id) {
        try {
            R result = gateway.sendAndWait(command, TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (result == null) {
                throw new Refusal(Refusal.Kind.UNAVAILABLE, "command-timeout",
                        "the command did not complete within " + TIMEOUT_SECONDS + " s; it may still take effect", null);
            }
            return result;
        } catch (ConflictingAggregateVersionException e) {
            throw Refusal.staleVersion(Preconditions.etagVersionOf(e.getExpectedVersion()),
                    Preconditions.etagVersionOf(e.getActualVersion()));
        } catch (AggregateDeletedException e) {
            throw Refusal.gone(resource + "-deleted", resource + " " + id + " was deleted");
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            // an id of another kind of aggregate (a user's id on an API client route) names no such resource either
            throw Refusal.notFound(resource + "-not-found", resource + " " + id + " does not exist");
        }
    }
}
