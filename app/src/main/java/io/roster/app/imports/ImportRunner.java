package io.roster.app.imports;

import io.roster.app.imports.ImportPlanner.Existing;
import io.roster.app.imports.ImportPlanner.Outcome;
import io.roster.app.imports.ImportPlanner.Plan;
import io.roster.app.imports.ImportPlanner.Wanted;
import io.roster.app.security.CallerContexts;
import io.roster.command.common.CommandSender;
import io.roster.command.common.IdGenerator;
import io.roster.command.common.PeriodicTask;
import io.roster.command.common.Refusal;
import io.roster.command.common.RequestActor;
import io.roster.command.user.UserCommands.AssignRole;
import io.roster.command.user.UserCommands.CreateUser;
import io.roster.command.user.UserCommands.DeactivateUser;
import io.roster.command.user.UserCommands.MoveUser;
import io.roster.command.user.UserCommands.ReactivateUser;
import io.roster.command.user.UserCommands.RevokeRole;
import io.roster.command.user.UserCommands.UpdateUser;
import io.roster.events.ActorType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Carries out import jobs on every node: claims 100 open rows at a time (SKIP LOCKED; a claim older than two
 * minutes belongs to a node that died and is taken over), plans each row again against the user as they are now
 * and sends its commands as the person who uploaded the file, on {@code roster.imports.concurrency} threads.
 */
@Component
class ImportRunner extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    private static final int CHUNK = 100;

    private final JdbcClient jdbc;
    private final ImportPlanner planner;
    private final CommandSender commands;
    private final IdGenerator ids;
    private final ExecutorService workers;
    private final CallerContexts callers;

    ImportRunner(JdbcClient jdbc, ImportPlanner planner, CommandSender commands, IdGenerator ids, CallerContexts callers,
                 @Value("${roster.imports.poll-interval:1s}") Duration pollInterval,
                 @Value("${roster.imports.concurrency:4}") int concurrency) {
        super("imports", pollInterval);
        this.jdbc = jdbc;
        this.planner = planner;
        this.commands = commands;
        this.ids = ids;
        this.callers = callers;
        this.workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "import-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    private record Claimed(String jobId, int row, String fields) {
    }

    @Override
    protected void runOnce() {
        try {
            while (!isStopping()) {
                List<Claimed> rows = claim();
                if (rows.isEmpty()) {
                    break;
                }
                Map<String, RequestActor> actors = new HashMap<>();
                List<Future<?>> running = new ArrayList<>();
                for (Claimed row : rows) {
                    RequestActor actor = actors.computeIfAbsent(row.jobId(), this::actorOf);
                    // each row runs as the uploader is now: their current roles and scope decide, as for a request
                    running.add(workers.submit(() -> {
                        if (!callers.runAs(actor.actorId(), () -> actor.runAs(() -> carryOut(row)))) {
                            finish(row, Outcome.FAILED, "the uploader can no longer act", null);
                        }
                    }));
                }
                for (Future<?> future : running) {
                    future.get();
                }
            }
            jdbc.sql("""
                    UPDATE import_job j SET state = 'DONE', finished_at = now() WHERE state = 'RUNNING'
                    AND NOT EXISTS (SELECT 1 FROM import_row r WHERE r.job_id = j.id AND r.status IN ('PENDING', 'CLAIMED'))""")
                    .update();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Import pass failed; retrying at the next one", e);
        }
    }

    private List<Claimed> claim() {
        return jdbc.sql("""
                        UPDATE import_row r SET status = 'CLAIMED', claimed_at = now()
                        FROM (SELECT job_id, row_number FROM import_row
                              WHERE status = 'PENDING' OR (status = 'CLAIMED' AND claimed_at < now() - interval '2 minutes')
                              ORDER BY job_id, row_number LIMIT ? FOR UPDATE SKIP LOCKED) open
                        WHERE r.job_id = open.job_id AND r.row_number = open.row_number
                        RETURNING r.job_id, r.row_number, CAST(r.fields AS text)""")
                .param(CHUNK)
                .query((rs, row) -> new Claimed(rs.getString(1), rs.getInt(2), rs.getString(3)))
                .list();
    }

    private RequestActor actorOf(String jobId) {
        return jdbc.sql("SELECT actor_id, actor_username, actor_type, request_id, source_ip FROM import_job WHERE id = ?")
                .param(jobId)
                .query((rs, row) -> new RequestActor(rs.getString(1), rs.getString(2), ActorType.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5)))
                .single();
    }

    /**
     * One row: plan against the user as they are now, send the commands and record the outcome, all in one
     * transaction. A row is then done exactly once: a crash either loses the row's changes with its outcome (the row
     * is claimed again) or keeps both, and each row waits for one commit, not two. A row that fails changes nothing,
     * and its failure is recorded on its own.
     */
    private void carryOut(Claimed claimed) {
        Wanted wanted = ImportService.fromJson(claimed.fields(), Wanted.class);
        String key = wanted.username().toLowerCase(Locale.ROOT);
        try {
            commands.inOneTransaction(() -> {
                Existing existing = existing(key);
                Plan plan = planner.authorized(wanted, existing);
                // a failed row names the user too (and forgets them with their deletion)
                String userId = existing == null ? null : existing.userId();
                if (plan.outcome() == Outcome.CREATED) {
                    userId = ids.newId();
                    commands.send(new CreateUser(userId, wanted.username(), wanted.firstName(), wanted.lastName(),
                            wanted.organizationId(), wanted.userType(), wanted.roles()), "user", userId);
                } else if (existing != null && plan.outcome() == Outcome.UPDATED) {
                    apply(userId, wanted, plan);
                }
                finish(claimed, plan.outcome(), plan.reason(), userId);
                return null;
            });
        } catch (Refusal refusal) {
            finish(claimed, Outcome.FAILED, refusal.getMessage(), existingUserId(key));
        } catch (RuntimeException e) {
            log.warn("Import row {} of {} failed", claimed.row(), claimed.jobId(), e);
            finish(claimed, Outcome.FAILED, "could not be carried out: " + e.getMessage(), existingUserId(key));
        }
    }

    private Existing existing(String key) {
        return planner.existing(List.of(key)).get(key);
    }

    private String existingUserId(String key) {
        Existing existing = existing(key);
        return existing == null ? null : existing.userId();
    }

    private void finish(Claimed claimed, Outcome outcome, String reason, String userId) {
        // the row's fields (personal data) go once it is done; an outcome already committed is never overwritten (a
        // commit whose answer was lost looks like a failure here)
        jdbc.sql("UPDATE import_row SET status = ?, reason = ?, user_id = ?, fields = NULL WHERE job_id = ? AND row_number = ?"
                        + " AND status = 'CLAIMED'")
                .params(outcome.name(), reason, userId, claimed.jobId(), claimed.row()).update();
    }

    private void apply(String userId, Wanted wanted, Plan plan) {
        if (plan.names()) {
            commands.send(new UpdateUser(userId, null, wanted.firstName(), wanted.lastName(), null), "user", userId);
        }
        if (plan.move()) {
            commands.send(new MoveUser(userId, wanted.organizationId(), null), "user", userId);
        }
        for (String role : plan.assign()) {
            commands.send(new AssignRole(userId, role, null), "user", userId);
        }
        for (String role : plan.revoke()) {
            commands.send(new RevokeRole(userId, role, null), "user", userId);
        }
        if (plan.deactivate()) {
            commands.send(new DeactivateUser(userId, "deactivated by a CSV import", null), "user", userId);
        }
        if (plan.reactivate()) {
            commands.send(new ReactivateUser(userId, null), "user", userId);
        }
    }
}
