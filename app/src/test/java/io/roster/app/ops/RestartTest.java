package io.roster.app.ops;

import io.roster.app.RosterApi;
import io.roster.app.RosterApplication;
import io.roster.events.OrganizationIds;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Stop and start again on the same data directory: everything is still there. */
class RestartTest {

    @Test
    void data_survives_a_restart_and_shutdown_releases_processor_claims() throws Exception {
        Path dataDir = Files.createTempDirectory("roster-restart-");
        String userId;
        String organizationId;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            RosterApi api = api(first);
            organizationId = api.post("/api/v1/organizations", Map.of("name", "Survivors")).text("id");
            userId = api.post("/api/v1/users", Map.of("username", "survivor@example.com", "firstName", "Sur",
                    "lastName", "Vivor", "organizationId", organizationId)).text("id");
            assertThat(api.post("/api/v1/users/" + userId + "/deactivate", null).status()).isEqualTo(200);
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
            assertThat(jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?")
                    .param(OrganizationIds.ROOT).query(Long.class).single()).isEqualTo(1);
            second.close();
        }
        // the second instance shut down gracefully: every processor released its segments
        try (ConfigurableApplicationContext third = start(dataDir)) {
            JdbcClient jdbc = third.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT count(*) FROM tokenentry").query(Long.class).single()).isPositive();
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        RosterApplication.disableAxonUpdateChecker();
        return new SpringApplicationBuilder(RosterApplication.class)
                .properties(Map.of("server.port", "0", "roster.data-dir", dataDir.toString()))
                .run();
    }

    private static RosterApi api(ConfigurableApplicationContext context) {
        return new RosterApi(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }
}
