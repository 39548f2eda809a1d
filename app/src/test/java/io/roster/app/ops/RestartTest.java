package io.roster.app.ops;

import io.roster.app.RosterApi;
import io.roster.app.RosterApplication;
import io.roster.app.db.EmbeddedDatabase;
import io.roster.events.OrganizationIds;
import io.roster.events.WellKnownIds;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Stop and start again on the same data directory: everything is still there. */
class RestartTest {

    @Test
    void data_survives_a_restart_and_a_graceful_shutdown_stops_postgres_cleanly() throws Exception {
        Path dataDir = Files.createTempDirectory("roster-restart-");
        String userId;
        String organizationId;
        String supportUserId;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            RosterApi api = api(first);
            RosterApi.Response organization = api.post("/api/v1/organizations", Map.of("name", "Survivors"));
            assertThat(organization.status()).as(organization.toString()).isEqualTo(201);
            organizationId = organization.text("id");
            RosterApi.Response user = api.post("/api/v1/users", Map.of("username", "survivor@example.com", "firstName", "Sur",
                    "lastName", "Vivor", "organizationId", organizationId));
            assertThat(user.status()).as(user.toString()).isEqualTo(201);
            userId = user.text("id");
            assertThat(api.post("/api/v1/users/" + userId + "/deactivate", null).status()).isEqualTo(200);

            // a support user's 60-day deletion timer is data: it must survive the restart
            api.send("PUT", "/api/v1/support-access", Map.of("enabled", true), "application/json");
            supportUserId = api.post("/api/v1/users", Map.of("username", "tse@example.com", "firstName", "T",
                    "lastName", "Se", "userType", "SUPPORT_USER")).text("id");
            assertThat(api.post("/api/v1/users/" + supportUserId + "/deactivate", null).status()).isEqualTo(200);
            JdbcClient firstJdbc = first.getBean(JdbcClient.class);
            io.roster.app.Eventually.await("a deletion timer", java.time.Duration.ofSeconds(10), () -> firstJdbc
                    .sql("SELECT count(*) FROM deletion_timer WHERE user_id = ?").param(supportUserId).query(Long.class)
                    .single() == 1);

            // a fresh environment: the bootstrap client is the only Customer Cloud Admin, and cannot lock everyone out
            RosterApi.Response lastAdmin = api.delete("/api/v1/api-clients/" + WellKnownIds.BOOTSTRAP_API_CLIENT);
            assertThat(lastAdmin.status()).isEqualTo(409);
            assertThat(lastAdmin.text("type")).isEqualTo("/problems/last-admin");
            assertThat(api.delete("/api/v1/api-clients/" + WellKnownIds.BOOTSTRAP_API_CLIENT + "/roles/customer-cloud-admin")
                    .status()).isEqualTo(409);
            RosterApi.Response person = api.post("/api/v1/users", Map.of("username", "admin@example.com", "firstName",
                    "Ada", "lastName", "Min", "roles", java.util.List.of("customer-cloud-admin")));
            assertThat(api.post("/api/v1/users/" + person.text("id") + "/deactivate", null).status()).isEqualTo(200);
            assertThat(api.delete("/api/v1/api-clients/" + WellKnownIds.BOOTSTRAP_API_CLIENT + "/roles/customer-cloud-admin")
                    .status()).isEqualTo(409);
        }
        try (ConfigurableApplicationContext second = start(dataDir)) {
            RosterApi api = api(second);
            RosterApi.Response user = api.get("/api/v1/users/" + userId);
            assertThat(user.status()).isEqualTo(200);
            assertThat(user.text("username")).isEqualTo("survivor@example.com");
            assertThat(user.text("status")).isEqualTo("DEACTIVATED");
            assertThat(user.text("organizationId")).isEqualTo(organizationId);
            assertThat(api.get("/api/v1/organizations/" + organizationId).text("name")).isEqualTo("Survivors");
            assertThat(api.post("/api/v1/users", Map.of("username", "SURVIVOR@example.com", "firstName", "A",
                    "lastName", "B")).status()).isEqualTo(409);
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT due_at > now() + interval '59 days' FROM deletion_timer WHERE user_id = ?")
                    .param(supportUserId).query(Boolean.class).single()).as("the timer survived the restart").isTrue();
            assertThat(jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier IN (?, ?)"
                            + " AND (payloadtype LIKE '%.OrganizationCreated' OR payloadtype LIKE '%.ApiClientCreated')")
                    .params(OrganizationIds.ROOT, WellKnownIds.BOOTSTRAP_API_CLIENT).query(Long.class).single())
                    .as("root organization and bootstrap client are created once, never again").isEqualTo(2);
        }
        // after a graceful shutdown PostgreSQL stopped cleanly: it starts again at once and holds the data
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.TEST)) {
            JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(),
                    postgres.password()));
            assertThat(jdbc.sql("SELECT status FROM user_list WHERE user_id = ?").param(userId).query(String.class)
                    .single()).isEqualTo("DEACTIVATED");
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        RosterApplication.disableAxonUpdateChecker();
        // command-line arguments outrank application.yml (builder properties would not)
        return new SpringApplicationBuilder(RosterApplication.class)
                .run("--server.port=0", "--roster.data-dir=" + dataDir,
                        "--roster.bootstrap.client-id=restart-admin",
                        "--roster.bootstrap.client-secret=restart-admin-secret-0123456789");
    }

    private static RosterApi api(ConfigurableApplicationContext context) {
        return new RosterApi(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")))
                .asClient("restart-admin", "restart-admin-secret-0123456789");
    }
}
