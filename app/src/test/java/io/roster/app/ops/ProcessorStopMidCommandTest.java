package io.roster.app.ops;

import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.command.common.RequestActor;
import io.roster.command.user.UserCommands.DeactivateUser;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node stops its event processors while it shuts down; a command that was already past the "every processor
 * runs" check (a worker's command, a request outliving the graceful shutdown) must then either commit with every
 * read model or not at all. Here the command is held in flight on its principal's lock while the user list's
 * processor stops.
 */
class ProcessorStopMidCommandTest extends IntegrationTest {

    /** ContainmentInterceptor's namespace of principal locks. */
    private static final int PRINCIPAL_LOCKS = 0x526f7374;
    /** ReadModelLocks' namespace. */
    private static final int READ_MODELS = 0x526d6f64;

    @Autowired
    DataSource dataSource;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    CommandGateway gateway;

    @Test
    void a_command_in_flight_when_a_processor_stops_never_commits_events_without_that_processors_rows() throws Exception {
        String userId = createUser(uniqueUsername("stopping"), null).text("id");
        EventProcessor userList = processing.eventProcessor("user-list").orElseThrow();
        CompletableFuture<Void> deactivation;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                lock.setInt(1, PRINCIPAL_LOCKS);
                lock.setString(2, userId);
                lock.execute();
            }
            // a worker's command: sent through the gateway, no request and no transaction of the caller's
            deactivation = CompletableFuture.runAsync(() -> RequestActor.system("stopping:" + userId).runAs(() ->
                    gateway.sendAndWait(new DeactivateUser(userId, "stopped mid-command", null), 30, TimeUnit.SECONDS)));
            Eventually.await("the command waits on its principal's lock", Duration.ofSeconds(10), () -> jdbc.sql(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = ?")
                    .param(PRINCIPAL_LOCKS).query(Long.class).single() > 0);
            assertThat(jdbc.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                            + " AND mode = 'ShareLock' AND classid = ?").param(READ_MODELS).query(Long.class).single())
                    .as("the command in flight shares the read models' locks, in its own transaction").isPositive();
            userList.shutDown();
            holder.rollback();
        }
        try {
            try {
                deactivation.get(30, TimeUnit.SECONDS);
            } catch (Exception refused) {
                // refusing the command is a fine outcome: then nothing of it may exist
            }
        } finally {
            userList.start();
        }
        long deactivatedEvents = jdbc.sql("""
                        SELECT count(*) FROM domainevententry
                        WHERE aggregateidentifier = ? AND payloadtype LIKE '%UserDeactivated'""")
                .param(userId).query(Long.class).single();
        String listed = jdbc.sql("SELECT status FROM user_list WHERE user_id = ?").param(userId)
                .query(String.class).single();
        assertThat(listed.equals("DEACTIVATED") ? 1L : 0L)
                .as("the user list agrees with the event store (events committed: " + deactivatedEvents
                        + ", listed as " + listed + ")")
                .isEqualTo(deactivatedEvents);
    }
}
