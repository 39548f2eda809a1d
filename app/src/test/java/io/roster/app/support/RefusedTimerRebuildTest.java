package io.roster.app.support;

import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.MutableClock;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deletion timer refused to its policy's author waits, unclaimable, until the policy is set again or the person
 * moves. That refusal is the runner's write, not an event's: a rebuild of the deletion timers must keep it, or the
 * timer fires again and erases the person for good once the author has been given more rights meanwhile.
 */
class RefusedTimerRebuildTest extends IntegrationTest {

    @Autowired
    MutableClock clock;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void a_rebuild_keeps_a_timer_refused_to_its_author() {
        String branch = createOrganization("Branch " + System.nanoTime(), null);
        String leave = createOrganization("On leave", branch);
        String administrator = createUser(uniqueUsername("cca.kept"), leave, "customer-cloud-admin").text("id");
        api.post("/api/v1/users/" + administrator + "/deactivate", null);
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("name", "branch admin " + System.nanoTime());
        client.put("roles", List.of("org-admin"));
        client.put("organizationId", branch);
        Response created = api.post("/api/v1/api-clients", client);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        RosterApi branchAdmin = anonymous.asClient(created.text("clientId"), created.text("clientSecret"));
        assertThat(branchAdmin.send("PUT", "/api/v1/organizations/" + leave + "/retention",
                Map.of("deactivatedUserRetention", "P1D"), "application/json").status()).isEqualTo(200);
        clock.advance(Duration.ofDays(2));
        Eventually.await("the timer is refused to the branch admin", Duration.ofSeconds(15), () -> jdbc.sql(
                "SELECT reason FROM deletion_timer WHERE user_id = ?").param(administrator).query(String.class)
                .optional().orElse("").startsWith("refused"));
        // the author is given more rights later: the refused timer still waits for a new policy
        Response granted = api.put("/api/v1/api-clients/" + created.text("id") + "/roles/customer-cloud-admin");
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);

        Response started = api.post("/api/v1/admin/processors/deletion-timers/replay", null);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String location = started.header("Location").orElseThrow();
        Eventually.await("deletion timers rebuilt", Duration.ofSeconds(60), () -> {
            String state = api.get(location).text("state");
            assertThat(state).isNotEqualTo("FAILED");
            return "DONE".equals(state);
        });
        // the runner polls every 200 ms in tests
        sleep(Duration.ofSeconds(2));
        assertThat(api.get("/api/v1/users/" + administrator).status()).as("the person whose timer was refused")
                .isEqualTo(200);
        assertThat(jdbc.sql("SELECT reason FROM deletion_timer WHERE user_id = ?").param(administrator)
                .query(String.class).single()).startsWith("refused");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
