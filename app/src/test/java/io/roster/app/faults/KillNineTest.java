package io.roster.app.faults;

import io.roster.app.RosterApi;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of Roster under write load, ten times, restarting each time (issue #9): every create that was answered
 * 201 exists exactly once afterwards, and the read models converge on all of them. Roster runs as a separate
 * process (this test's classpath) on a PostgreSQL that outlives it.
 */
class KillNineTest {

    private static final int ROUNDS = 10;
    private static final String CLIENT = "kill-admin";
    private static final String SECRET = "kill-admin-secret-0123456789";

    @Test
    void every_acknowledged_write_survives_ten_kill_nines_exactly_once() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            String masterKey = Base64.getEncoder().encodeToString(new byte[32]);
            Path logs = Files.createTempDirectory("roster-kill-");
            ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicInteger sequence = new AtomicInteger();
            for (int round = 0; round < ROUNDS; round++) {
                int httpPort = freePort();
                Process roster = start(url, masterKey, httpPort, logs.resolve("round-" + round + ".log"));
                try {
                    RosterApi api = awaitReady(httpPort, roster);
                    AtomicBoolean writing = new AtomicBoolean(true);
                    List<Thread> writers = new ArrayList<>();
                    for (int w = 0; w < 4; w++) {
                        Thread writer = new Thread(() -> {
                            while (writing.get()) {
                                int n = sequence.incrementAndGet();
                                try {
                                    RosterApi.Response created = api.post("/api/v1/users", Map.of("username",
                                            "killed" + n + "@example.com", "firstName", "K", "lastName", String.valueOf(n)));
                                    if (created.status() == 201) {
                                        String location = created.header("Location").orElseThrow();
                                        acknowledged.add(location.substring(location.lastIndexOf('/') + 1));
                                    }
                                } catch (RuntimeException connectionLost) {
                                    // the server died mid-request: no answer, no promise
                                }
                            }
                        });
                        writer.start();
                        writers.add(writer);
                    }
                    long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    roster.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful anything
                    roster.waitFor();
                    writing.set(false);
                    for (Thread writer : writers) {
                        writer.join(35_000);
                    }
                } finally {
                    roster.destroyForcibly();
                }
            }
            assertThat(acknowledged).as("writes were acknowledged along the way").hasSizeGreaterThan(ROUNDS);
            System.out.printf("KillNineTest: %d creates acknowledged (of %d sent) across %d kill -9s%n",
                    acknowledged.size(), sequence.get(), ROUNDS);

            int httpPort = freePort();
            Process roster = start(url, masterKey, httpPort, logs.resolve("final.log"));
            try {
                RosterApi api = awaitReady(httpPort, roster);
                JdbcClient jdbc = JdbcClient.create(postgres.getPostgresDatabase());
                String[] ids = acknowledged.toArray(String[]::new);
                assertThat(jdbc.sql("""
                                SELECT count(*) FROM domainevententry WHERE payloadtype = 'io.roster.events.user.UserCreated'
                                AND aggregateidentifier IN (SELECT unnest(CAST(? AS text[])))""")
                        .param(ids).query(Long.class).single())
                        .as("every acknowledged create is in the event store exactly once").isEqualTo(ids.length);
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                long shown = 0;
                while (System.nanoTime() < deadline) {
                    shown = jdbc.sql("SELECT count(*) FROM user_list WHERE user_id IN (SELECT unnest(CAST(? AS text[])))")
                            .param(ids).query(Long.class).single();
                    if (shown == ids.length) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertThat(shown).as("the user list converges on every acknowledged user").isEqualTo(ids.length);
                assertThat(api.get("/api/v1/users/" + ids[0]).status()).isEqualTo(200);
                assertThat(jdbc.sql("SELECT count(*) FROM (SELECT aggregateidentifier FROM domainevententry"
                        + " WHERE payloadtype = 'io.roster.events.user.UserCreated' GROUP BY aggregateidentifier"
                        + " HAVING count(*) > 1) twice").query(Long.class).single()).isZero();
            } finally {
                roster.destroy();
                roster.waitFor();
            }
        }
    }

    private static Process start(String url, String masterKey, int httpPort, Path log) throws IOException {
        return startRoster(log, "--server.port=" + httpPort, "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres", "--roster.master-key=" + masterKey,
                "--roster.data-dir=" + Files.createTempDirectory("roster-kill-data-"));
    }

    /** Roster in a JVM of its own (this test's classpath), bootstrapped with {@link #CLIENT}, output to {@code log}. */
    static Process startRoster(Path log, String... arguments) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "io.roster.app.RosterApplication"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--roster.processors.claim-timeout=3s", "--roster.bootstrap.client-id=" + CLIENT,
                "--roster.bootstrap.client-secret=" + SECRET, "--logging.level.root=WARN"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static RosterApi awaitReady(int httpPort, Process roster) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!roster.isAlive()) {
                throw new AssertionError("Roster exited during start-up");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return new RosterApi(httpPort).asClient(CLIENT, SECRET);
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Roster not ready within 90 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
