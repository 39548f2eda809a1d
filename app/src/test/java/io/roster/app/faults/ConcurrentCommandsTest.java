package io.roster.app.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Role assignments, revocations, deactivations and reactivations of one user, all at once from many threads
 * (issue #9): every answer is a success or a clear refusal, and the final state in the read model is exactly what
 * the events say, in their order.
 */
class ConcurrentCommandsTest extends IntegrationTest {

    private static final List<String> ROLES = List.of("org-manager", "audit-log-viewer", "user-modify", "org-admin",
            "desktop-user", "security-center-user");

    @Test
    void concurrent_commands_on_one_user_leave_a_state_that_matches_its_events() throws Exception {
        String id = createUser(uniqueUsername("contended"), null).text("id");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(24);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 48; i++) {
                int n = i;
                Callable<Response> call = () -> {
                    start.await();
                    String role = ROLES.get(n % ROLES.size());
                    return switch (n % 4) {
                        case 0 -> api.put("/api/v1/users/" + id + "/roles/" + role);
                        case 1 -> api.delete("/api/v1/users/" + id + "/roles/" + role);
                        case 2 -> api.post("/api/v1/users/" + id + "/deactivate", null);
                        default -> api.post("/api/v1/users/" + id + "/reactivate", null);
                    };
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertThat(response.status()).as(response.toString()).isLessThan(500);
                if (response.status() >= 400) {
                    assertThat(response.contentType()).startsWith("application/problem+json");
                    assertThat(response.status()).as(response.toString()).isIn(409, 422);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        // fold the events in their order: that is the truth the read model must show
        Set<String> roles = new LinkedHashSet<>();
        String status = "ACTIVE";
        long version = 0;
        for (JsonNode event : api.get("/api/v1/users/" + id + "/history?limit=500").body().path("items")) {
            String role = event.path("data").path("roleId").asText();
            switch (event.path("type").asText()) {
                case "UserCreated" -> event.path("data").path("roles").forEach(r -> roles.add(r.asText()));
                case "RoleAssigned" -> roles.add(role);
                case "RoleRevoked" -> roles.remove(role);
                case "UserDeactivated" -> status = "DEACTIVATED";
                case "UserReactivated" -> status = "ACTIVE";
                default -> { }
            }
            version = Math.max(version, event.path("sequence").asLong()); // history numbers events from 1
        }
        long expectedVersion = version;
        String expectedStatus = status;
        assertThat(expectedVersion).as("commands took effect").isGreaterThan(1);
        Eventually.await("read model caught up", Duration.ofSeconds(10), () ->
                api.get("/api/v1/users/" + id).body().path("version").asLong() == expectedVersion);
        JsonNode view = api.get("/api/v1/users/" + id).body();
        assertThat(view.path("status").asText()).isEqualTo(expectedStatus);
        Set<String> shown = new LinkedHashSet<>();
        view.path("roles").forEach(r -> shown.add(r.asText()));
        assertThat(shown).containsExactlyInAnyOrderElementsOf(roles);
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?").param(id)
                .query(Long.class).single()).isEqualTo(expectedVersion);
    }
}
