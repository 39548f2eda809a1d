package io.roster.app.support;

import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.MutableClock;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import io.roster.events.OrganizationIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Deleting deactivated users on time: support users after 60 days, regular users per organization policy. */
class RetentionHttpTest extends IntegrationTest {

    @Autowired
    MutableClock clock;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void a_deactivated_support_user_is_deleted_sixty_days_later_with_its_personal_data() {
        api.send("PUT", "/api/v1/support-access", Map.of("enabled", true), "application/json");
        String email = uniqueUsername("temp.tse");
        String id = api.post("/api/v1/users", Map.of("username", email, "firstName", "Temp", "lastName", "Orary",
                "userType", "SUPPORT_USER")).text("id");
        Instant before = Instant.now();
        api.post("/api/v1/users/" + id + "/deactivate", null);
        Eventually.await("a deletion timer", Duration.ofSeconds(10), () -> due(id).isPresent());
        assertThat(due(id).get()).isBetween(before.plus(Duration.ofDays(60)).minusSeconds(5),
                Instant.now().plus(Duration.ofDays(60)).plusSeconds(5));

        clock.advance(Duration.ofDays(59));
        assertThat(due(id).get()).isAfter(clock.instant());
        assertThat(api.get("/api/v1/users/" + id).status()).isEqualTo(200);

        clock.advance(Duration.ofDays(2));
        Eventually.await("the support user is deleted", Duration.ofSeconds(15),
                () -> api.get("/api/v1/users/" + id).status() == 410);
        assertThat(jdbc.sql("SELECT count(*) FROM subject_key WHERE subject_id = ?").param(id).query(Long.class).single())
                .as("same personal-data deletion as a manual delete").isZero();
        Response history = api.get("/api/v1/users/" + id + "/history");
        assertThat(history.raw()).doesNotContain(email);
        assertThat(history.body().path("items").get(2).path("actor").path("type").asText()).isEqualTo("SYSTEM");
        assertThat(due(id)).isEmpty();
    }

    @Test
    void reactivation_cancels_the_timer() {
        api.send("PUT", "/api/v1/support-access", Map.of("enabled", true), "application/json");
        String id = api.post("/api/v1/users", Map.of("username", uniqueUsername("back.tse"), "firstName", "Back",
                "lastName", "Again", "userType", "SUPPORT_USER")).text("id");
        api.post("/api/v1/users/" + id + "/deactivate", null);
        Eventually.await("a deletion timer", Duration.ofSeconds(10), () -> due(id).isPresent());
        api.post("/api/v1/users/" + id + "/reactivate", null);
        Eventually.await("the timer is cancelled", Duration.ofSeconds(10), () -> due(id).isEmpty());
        clock.advance(Duration.ofDays(90));
        assertThat(api.get("/api/v1/users/" + id).text("status")).isEqualTo("ACTIVE");
    }

    @Test
    void organization_policies_are_inherited_and_switched_off_again() {
        String parent = createOrganization("Retaining " + System.nanoTime(), null);
        String child = createOrganization("Retaining child", parent);
        String keeping = createOrganization("Keeping " + System.nanoTime(), null);
        Response set = api.send("PUT", "/api/v1/organizations/" + parent + "/retention",
                Map.of("deactivatedUserRetention", "P365D"), "application/json");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.text("deactivatedUserRetention")).isEqualTo("P365D");

        String inChild = createUser(uniqueUsername("retained"), child).text("id");
        String kept = createUser(uniqueUsername("kept"), keeping).text("id");
        api.post("/api/v1/users/" + inChild + "/deactivate", null);
        api.post("/api/v1/users/" + kept + "/deactivate", null);
        Eventually.await("the child's user inherits the policy", Duration.ofSeconds(10), () -> due(inChild).isPresent());
        assertThat(due(inChild).get()).isAfter(Instant.now().plus(Duration.ofDays(364)));
        Eventually.await("the other user is known to the timers", Duration.ofSeconds(10), () -> jdbc.sql(
                "SELECT count(*) FROM retention_user WHERE user_id = ?").param(kept).query(Long.class).single() == 1);
        assertThat(due(kept)).as("no policy, no deletion").isEmpty();

        Map<String, Object> off = new HashMap<>();
        off.put("deactivatedUserRetention", null);
        assertThat(api.send("PUT", "/api/v1/organizations/" + parent + "/retention", off, "application/json").status())
                .isEqualTo(200);
        Eventually.await("switching the policy off cancels the timer", Duration.ofSeconds(10), () -> due(inChild).isEmpty());

        api.send("PUT", "/api/v1/organizations/" + child + "/retention", Map.of("deactivatedUserRetention", "P30D"),
                "application/json");
        Eventually.await("the child's own policy", Duration.ofSeconds(10), () -> due(inChild).isPresent());
        clock.advance(Duration.ofDays(31));
        Eventually.await("deleted after the child's 30 days", Duration.ofSeconds(15),
                () -> api.get("/api/v1/users/" + inChild).status() == 410);
        assertThat(api.get("/api/v1/users/" + kept).status()).isEqualTo(200);

        assertThat(api.send("PUT", "/api/v1/organizations/" + parent + "/retention",
                Map.of("deactivatedUserRetention", "one year"), "application/json").text("field"))
                .isEqualTo("deactivatedUserRetention");
        assertThat(api.send("PUT", "/api/v1/organizations/" + parent + "/retention",
                Map.of("deactivatedUserRetention", "PT1S"), "application/json").status()).isEqualTo(400);
    }

    @Test
    void a_moved_organization_takes_the_policy_of_its_new_ancestors() {
        String retaining = createOrganization("Retaining " + System.nanoTime(), null);
        api.send("PUT", "/api/v1/organizations/" + retaining + "/retention", Map.of("deactivatedUserRetention", "P365D"),
                "application/json");
        String moving = createOrganization("Moving " + System.nanoTime(), null);
        String below = createOrganization("Below", moving);
        String user = createUser(uniqueUsername("moved"), below).text("id");
        api.post("/api/v1/users/" + user + "/deactivate", null);
        assertThat(due(user)).as("no policy above it yet").isEmpty();

        assertThat(api.patch("/api/v1/organizations/" + moving, Map.of("parentId", retaining)).status()).isEqualTo(200);
        assertThat(due(user)).as("the new grandparent's policy").isPresent();
        assertThat(due(user).get()).isAfter(Instant.now().plus(Duration.ofDays(364)));

        assertThat(api.patch("/api/v1/organizations/" + moving, Map.of("parentId", OrganizationIds.ROOT)).status())
                .isEqualTo(200);
        assertThat(due(user)).as("moved away from the policy again").isEmpty();
    }

    @Test
    void a_policy_deletes_only_people_its_author_could_delete_themselves() {
        String branch = createOrganization("Branch " + System.nanoTime(), null);
        String leave = createOrganization("On leave", branch);
        String administrator = createUser(uniqueUsername("cca.leave"), leave, "customer-cloud-admin").text("id");
        String clerk = createUser(uniqueUsername("clerk.leave"), leave).text("id");
        api.post("/api/v1/users/" + administrator + "/deactivate", null);
        api.post("/api/v1/users/" + clerk + "/deactivate", null);
        // the branch's own admin sets a short policy above a Customer Cloud Admin it may not delete
        RosterApi branchAdmin = clientWith(branch, "org-admin");
        assertThat(branchAdmin.send("PUT", "/api/v1/organizations/" + leave + "/retention",
                Map.of("deactivatedUserRetention", "P1D"), "application/json").status()).isEqualTo(200);
        Eventually.await("both are due", Duration.ofSeconds(10), () -> due(administrator).isPresent()
                && due(clerk).isPresent());
        clock.advance(Duration.ofDays(2));
        Eventually.await("the clerk is deleted on the branch admin's behalf", Duration.ofSeconds(15),
                () -> api.get("/api/v1/users/" + clerk).status() == 410);
        Eventually.await("the administrator's timer is refused", Duration.ofSeconds(15), () -> jdbc.sql(
                "SELECT reason FROM deletion_timer WHERE user_id = ?").param(administrator).query(String.class)
                .optional().orElse("").startsWith("refused"));
        assertThat(api.get("/api/v1/users/" + administrator).text("status")).isEqualTo("DEACTIVATED");
        Response history = api.get("/api/v1/users/" + clerk + "/history");
        assertThat(history.body().path("items").get(2).path("actor").path("type").asText()).isEqualTo("API_CLIENT");
    }

    private Optional<Instant> due(String userId) {
        return jdbc.sql("SELECT due_at FROM deletion_timer WHERE user_id = ?").param(userId)
                .query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant);
    }
}
