package io.roster.app.faults;

import io.roster.app.Eventually;
import io.roster.app.RosterApi;
import io.roster.app.RosterApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped and started again under Roster (issue #9): meanwhile every request answers 503 with
 * Retry-After (never 500, never a hang beyond the pool's wait); afterwards Roster recovers by itself and every
 * write it acknowledged is there, in the event store and in the read models.
 */
class PostgresOutageTest {

    @Test
    void roster_answers_503_while_postgres_is_down_and_recovers_without_losing_an_acknowledged_write() throws Exception {
        Path data = Files.createTempDirectory("roster-outage-pg-");
        int port = freePort();
        EmbeddedPostgres postgres = start(data, port);
        RosterApplication.disableAxonUpdateChecker();
        try (ConfigurableApplicationContext roster = new SpringApplicationBuilder(RosterApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--roster.master-key=" + Base64.getEncoder().encodeToString(new byte[32]),
                "--roster.data-dir=" + Files.createTempDirectory("roster-outage-"),
                "--roster.datasource.connection-timeout=2s",
                "--roster.bootstrap.client-id=outage-admin", "--roster.bootstrap.client-secret=outage-admin-secret-0123456789")) {
            RosterApi api = new RosterApi(Integer.parseInt(roster.getEnvironment().getProperty("local.server.port")))
                    .asClient("outage-admin", "outage-admin-secret-0123456789");
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                RosterApi.Response created = api.post("/api/v1/users", Map.of("username", "before" + i + "@example.com",
                        "firstName", "B", "lastName", String.valueOf(i)));
                assertThat(created.status()).isEqualTo(201);
                acknowledged.add(created.text("id"));
            }

            postgres.close();
            for (int i = 0; i < 3; i++) {
                RosterApi.Response read = api.get("/api/v1/users/" + acknowledged.get(0));
                assertThat(read.status()).as(read.toString()).isEqualTo(503);
                assertThat(read.header("Retry-After")).isPresent();
                assertThat(read.contentType()).startsWith("application/problem+json");
                RosterApi.Response write = api.post("/api/v1/users", Map.of("username", "during" + i + "@example.com",
                        "firstName", "D", "lastName", String.valueOf(i)));
                assertThat(write.status()).as(write.toString()).isEqualTo(503);
                assertThat(write.text("type")).isEqualTo("/problems/unavailable");
            }

            postgres = start(data, port);
            Eventually.await("Roster takes writes again", Duration.ofSeconds(60), () -> api.post("/api/v1/users",
                    Map.of("username", "after@example.com", "firstName", "A", "lastName", "After")).status() == 201);
            for (String id : acknowledged) {
                assertThat(api.get("/api/v1/users/" + id).status()).as("acknowledged before the outage").isEqualTo(200);
            }
            Eventually.await("the read models converge", Duration.ofSeconds(90), () ->
                    api.get("/api/v1/users?q=after@example.com").body().path("items").size() == 1
                            && api.get("/api/v1/audit-log?eventType=UserCreated&limit=50").body().path("items").size() >= 6);
            assertThat(api.get("/api/v1/users?q=during").body().path("items")).as("refused writes left nothing").isEmpty();
        } finally {
            postgres.close();
        }
    }

    private static EmbeddedPostgres start(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
