package io.roster.command.retention;

import io.roster.command.common.PeriodicTask;
import io.roster.command.common.ReadModelLocks;
import io.roster.command.common.Refusal;
import io.roster.command.common.RequestActor;
import io.roster.events.ActorType;
import io.roster.command.user.UserCommands.DeleteUser;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Fires due deletion timers: deletes the user on behalf of the policy's author (SYSTEM for support users), with the
 * same personal-data deletion and the same privilege containment as a manual delete. Any node may run it: due timers are claimed for a few minutes with SKIP LOCKED, so two nodes never
 * fire the same one; a claim that outlives a crashed node expires and another node fires it.
 */
@Component
class DeletionTimerRunner extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(DeletionTimerRunner.class);
    private static final int BATCH = 50;

    private final JdbcClient jdbc;
    private final CommandGateway commands;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final ReadModelLocks locks;

    DeletionTimerRunner(JdbcClient jdbc, CommandGateway commands, Clock clock, TransactionTemplate transactions,
                        ReadModelLocks locks, @Value("${roster.retention.poll-interval:PT1M}") Duration pollInterval) {
        super("deletion-timers", pollInterval);
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
        this.transactions = transactions;
        this.locks = locks;
    }

    /**
     * Claims and refusals are the runner's own writes to the deletion timers, not an event's: they are made under the
     * read model's lock, like a command's, so a rebuild's swap carries them over instead of losing them.
     */
    private <T> T asTimerWriter(java.util.function.Supplier<T> write) {
        return transactions.execute(status -> {
            locks.share(List.of(DeletionTimers.GROUP));
            return write.get();
        });
    }

    /** Deletes every user whose timer is due now; returns how many were deleted. */
    int fireDue() {
        List<Due> due = asTimerWriter(() -> jdbc.sql("""
                        UPDATE deletion_timer SET claimed_until = now() + interval '5 minutes'
                        WHERE user_id IN (SELECT user_id FROM deletion_timer
                                          WHERE due_at <= ? AND (claimed_until IS NULL OR claimed_until < now())
                                          ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED)
                        RETURNING user_id, on_behalf_of_id, on_behalf_of_type""")
                .params(clock.instant().atOffset(ZoneOffset.UTC), BATCH)
                .query((rs, row) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3))).list());
        int deleted = 0;
        for (Due timer : due) {
            String userId = timer.userId();
            try {
                timer.actor().runAs(() -> commands.sendAndWait(new DeleteUser(userId, null)));
                deleted++;
            } catch (Refusal e) {
                if (e.kind() == Refusal.Kind.FORBIDDEN || e.kind() == Refusal.Kind.NOT_FOUND) {
                    // the policy's author may not delete this person (any more): the timer waits, unclaimable, until
                    // the policy is set again or the person moves, which recomputes it
                    asTimerWriter(() -> jdbc.sql(
                                    "UPDATE deletion_timer SET claimed_until = 'infinity', reason = ? WHERE user_id = ?")
                            .params("refused to the policy's author: " + e.getMessage(), userId).update());
                }
                log.info("Deletion timer for {} not fired: {}", userId, e.getMessage());
            } catch (AggregateNotFoundException e) {
                // already deleted, or reactivated meanwhile: the timer projection drops the timer
                log.info("Deletion timer for {} not fired: {}", userId, e.getMessage());
            }
        }
        return deleted;
    }

    /**
     * A due timer and on whose behalf it deletes: the author of the organization's policy, judged by privilege
     * containment as if they deleted the person themselves; Roster itself for support users.
     */
    private record Due(String userId, String onBehalfOfId, String onBehalfOfType) {
        RequestActor actor() {
            return onBehalfOfId == null ? RequestActor.system("retention:" + userId)
                    : new RequestActor(onBehalfOfId, null, ActorType.valueOf(onBehalfOfType), "retention:" + userId, null);
        }
    }

    @Override
    protected void runOnce() {
        try {
            while (!isStopping() && fireDue() == BATCH) {
                // more are due: keep going
            }
        } catch (RuntimeException e) {
            log.warn("Firing deletion timers failed; trying again at the next poll: {}", e.getMessage());
        }
    }
}
