package io.roster.app.ops;

import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import io.roster.command.common.RequestActor;
import io.roster.command.user.UserCommands.DeactivateUser;
import org.axonframework.commandhandling.gateway.CommandGateway;
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
 * A rebuild's swap holds a read model's writers back from the moment it asks for the read model's lock: PostgreSQL
 * queues later shared requests behind a waiting exclusive one, so a command that starts while the swap waits for the
 * commands in flight waits as well. {@code swapStallMillis} is what an operator reads to judge a rebuild's cost to
 * writers, so it must count that wait.
 */
class ReplaySwapStallTest extends IntegrationTest {

    private static final int PRINCIPAL_LOCKS = 0x526f7374;
    private static final int READ_MODELS = 0x526d6f64;
    private static final long HELD_MILLIS = 600;

    @Autowired
    DataSource dataSource;
    @Autowired
    CommandGateway gateway;

    @Test
    void the_reported_stall_counts_the_time_writers_waited_behind_the_swap() throws Exception {
        String slow = createUser(uniqueUsername("slow.writer"), null).text("id");
        String location;
        long writerMillis;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                lock.setInt(1, PRINCIPAL_LOCKS);
                lock.setString(2, slow);
                lock.execute();
            }
            // a command in flight: it shares the read models' locks, then waits on its principal's lock
            CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> RequestActor.system("slow:" + slow)
                    .runAs(() -> gateway.sendAndWait(new DeactivateUser(slow, "slow", null), 30, TimeUnit.SECONDS)));
            Eventually.await("the slow command waits", Duration.ofSeconds(10), () -> waiting(PRINCIPAL_LOCKS) > 0);

            Response started = api.post("/api/v1/admin/processors/user-list/replay", null);
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            location = started.header("Location").orElseThrow();
            Eventually.await("the swap waits for the commands in flight", Duration.ofSeconds(60),
                    () -> waiting(READ_MODELS) > 0);

            CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
                long begun = System.nanoTime();
                Response created = createUser(uniqueUsername("queued.writer"), null);
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                return (System.nanoTime() - begun) / 1_000_000;
            });
            Thread.sleep(HELD_MILLIS);
            holder.rollback();
            writerMillis = writer.get(30, TimeUnit.SECONDS);
            inFlight.get(30, TimeUnit.SECONDS);
        }
        Eventually.await("the rebuild is done", Duration.ofSeconds(60), () -> {
            String state = api.get(location).text("state");
            assertThat(state).isNotEqualTo("FAILED");
            return "DONE".equals(state);
        });
        long reported = api.get(location).body().path("swapStallMillis").asLong();
        assertThat(writerMillis).as("the writer that came during the swap waited behind it").isGreaterThanOrEqualTo(HELD_MILLIS);
        assertThat(reported).as("reported stall (ms) against the " + writerMillis + " ms a writer was held back")
                .isGreaterThanOrEqualTo(HELD_MILLIS);
    }

    private long waiting(int namespace) {
        return jdbc.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = ?")
                .param(namespace).query(Long.class).single();
    }
}
