package io.roster.command.common;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends a command and waits for its result, turning "no such aggregate" into the caller's 404 (or 410
 * for an aggregate that was deleted) named after the resource the caller asked for, and a stale
 * {@code @TargetAggregateVersion} into the 412 of a stale {@code If-Match}, in the ETag's numbers.
 */
@Component
public class CommandSender {

    private static final long TIMEOUT_SECONDS = 30;
    /** Attempts of a command and its answer that lose a race on the event store to another node. */
    private static final int ATTEMPTS = 5;

    private final CommandGateway gateway;
    private final TransactionTemplate transactions;

    public CommandSender(CommandGateway gateway, TransactionTemplate transactions) {
        this.gateway = gateway;
        this.transactions = transactions;
    }

    /**
     * Sends the command and reads the answer in the command's own transaction: the read sees every row the command
     * wrote, and both cost one commit.
     */
    public <T> T sendAndRead(Object command, String resource, String id, Supplier<T> read) {
        return inOneTransaction(() -> {
            send(command, resource, id);
            return read.get();
        });
    }

    /**
     * Runs {@code work} (commands and reads) in one transaction: all of it commits or none. A command that loses a
     * race on the event store (another node appended to the same aggregate first) aborts the transaction, so the
     * whole of it is tried again on fresh state. Inside a transaction already begun, it joins that one.
     */
    public <T> T inOneTransaction(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> work.get());
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS || !lostRace(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean lostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConflictingAggregateVersionException) {
                return false;
            }
            if (cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
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
