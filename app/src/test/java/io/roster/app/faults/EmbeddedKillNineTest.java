package io.roster.app.faults;

import io.roster.app.Eventually;
import io.roster.app.RosterApi;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of Roster on its embedded default (no SPRING_DATASOURCE_URL): the postmaster outlives the JVM and still
 * holds the data directory. The next start stops that orphan and serves the same data, and every create that was
 * answered 201 before the kill is there.
 */
class EmbeddedKillNineTest {

    private static final int ACKNOWLEDGED_BEFORE_KILL = 8;

    @Test
    void a_restart_after_kill_nine_takes_over_the_orphaned_postmaster_and_keeps_every_acknowledged_user() throws Exception {
        Path dataDir = Files.createTempDirectory("roster-embedded-kill-");
        Path cluster = dataDir.resolve("postgres");
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        int firstPort = KillNineTest.freePort();
        Process first = KillNineTest.startRoster(dataDir.resolve("first.log"), "--server.port=" + firstPort,
                "--roster.data-dir=" + dataDir);
        Process second = null;
        try {
            RosterApi api = KillNineTest.awaitReady(firstPort, first);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger sequence = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                Thread writer = new Thread(() -> {
                    while (writing.get()) {
                        int n = sequence.incrementAndGet();
                        try {
                            RosterApi.Response created = api.post("/api/v1/users", Map.of("username",
                                    "orphaned" + n + "@example.com", "firstName", "O", "lastName", String.valueOf(n)));
                            if (created.status() == 201) {
                                acknowledged.add(created.text("id"));
                            }
                        } catch (RuntimeException connectionLost) {
                            // killed mid-request: no answer, no promise
                        }
                    }
                });
                writer.start();
                writers.add(writer);
            }
            Eventually.await(ACKNOWLEDGED_BEFORE_KILL + " creates answered", Duration.ofSeconds(60),
                    () -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL);
            first.destroyForcibly(); // SIGKILL while the writers are still sending
            first.waitFor();
            writing.set(false);
            for (Thread writer : writers) {
                writer.join(35_000);
            }
            ProcessHandle orphan = postmaster(cluster).orElseThrow(() ->
                    new AssertionError("the postmaster should have outlived Roster's JVM"));

            int secondPort = KillNineTest.freePort();
            second = KillNineTest.startRoster(dataDir.resolve("second.log"), "--server.port=" + secondPort,
                    "--roster.data-dir=" + dataDir);
            RosterApi restarted = KillNineTest.awaitReady(secondPort, second);
            assertThat(orphan.isAlive()).as("the orphaned postmaster was stopped").isFalse();
            assertThat(postmaster(cluster)).as("a new postmaster serves the data directory").isPresent();
            for (String id : acknowledged) {
                Eventually.await("user " + id + " shown after the restart", Duration.ofSeconds(30),
                        () -> restarted.get("/api/v1/users/" + id).status() == 200);
            }
        } finally {
            first.destroyForcibly();
            if (second != null) {
                second.destroy(); // graceful: Roster stops its PostgreSQL last
                if (!second.waitFor(60, TimeUnit.SECONDS)) {
                    second.destroyForcibly();
                }
            }
            // never leave a postmaster behind on a failure
            postmaster(cluster).ifPresent(ProcessHandle::destroy);
        }
    }

    private static Optional<ProcessHandle> postmaster(Path cluster) throws Exception {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip())).filter(ProcessHandle::isAlive);
    }
}
