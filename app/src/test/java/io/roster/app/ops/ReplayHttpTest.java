package io.roster.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Blue/green rebuilds: the same rows as before, queries answering throughout, side effects never replayed. */
class ReplayHttpTest extends IntegrationTest {

    /** Every row of a table as JSON text, in a stable order: comparable across a rebuild. */
    private List<String> rows(String table, String order) {
        return jdbc.sql("SELECT to_jsonb(t)::text FROM " + table + " t ORDER BY " + order).query(String.class).list();
    }

    private JsonNode replayToTheEnd(String processor) {
        Response started = api.post("/api/v1/admin/processors/" + processor + "/replay", null);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String location = started.header("Location").orElseThrow();
        Eventually.await(processor + " rebuilt", Duration.ofSeconds(60), () -> {
            assertThat(api.get("/api/v1/users?limit=5").status()).as("queries keep answering").isEqualTo(200);
            String state = api.get(location).text("state");
            assertThat(state).isNotEqualTo("FAILED");
            return "DONE".equals(state);
        });
        return api.get(location).body();
    }

    @Test
    void rebuilding_the_user_list_and_seat_usage_yields_exactly_the_same_rows() {
        String organization = createOrganization("Replayed " + System.nanoTime(), null);
        String moved = createUser(uniqueUsername("replayed"), organization).text("id");
        String gone = createUser(uniqueUsername("replayed.gone"), organization).text("id");
        api.put("/api/v1/users/" + moved + "/roles/org-manager");
        api.post("/api/v1/users/" + gone + "/deactivate", null);
        api.delete("/api/v1/users/" + gone);
        Eventually.await("seat usage caught up", Duration.ofSeconds(10), () -> jdbc.sql(
                "SELECT count(*) FROM seat_change WHERE organization_id = ?").param(organization).query(Long.class).single() == 3);
        List<String> users = rows("user_list", "user_id");
        List<String> holders = rows("seat_holder", "user_id");
        List<String> changes = rows("seat_change", "event_id");
        assertThat(users).hasSizeGreaterThanOrEqualTo(2);
        List<String> indexes = indexes("user_list", "seat_holder", "seat_change");

        JsonNode progress = replayToTheEnd("user-list");
        assertThat(progress.path("processed").asLong()).isPositive();
        assertThat(progress.path("percent").asDouble()).isEqualTo(100.0);
        assertThat(progress.path("eventsPerSecond").asDouble()).isPositive();
        replayToTheEnd("seat-usage");

        assertThat(rows("user_list", "user_id")).isEqualTo(users);
        assertThat(rows("seat_holder", "user_id")).isEqualTo(holders);
        assertThat(rows("seat_change", "event_id")).isEqualTo(changes);
        assertThat(indexes("user_list", "seat_holder", "seat_change"))
                .as("every index is back, under its name, with its definition").isEqualTo(indexes)
                .anyMatch(index -> index.startsWith("user_list_roles|"));
        assertThat(api.get("/api/v1/users/" + gone).status()).isEqualTo(410);

        String after = createUser(uniqueUsername("after.replay"), organization).text("id");
        assertThat(api.get("/api/v1/users/" + after).status()).as("the live processor continues after the swap")
                .isEqualTo(200);
    }

    @Test
    void the_audit_log_is_rebuilt_with_its_sign_ins_kept() {
        createUser(uniqueUsername("audited.replay"), null);
        jdbc.sql("INSERT INTO audit_log (source, occurred_at, event_type, summary, actor_type) VALUES"
                + " ('SIGN_IN', now(), 'SignInFailed', 'Failed sign-in at the login page', 'USER')").update();
        long signIns = jdbc.sql("SELECT count(*) FROM audit_log WHERE source = 'SIGN_IN'").query(Long.class).single();
        // every event has its entry, written in the event's own transaction
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE source = 'EVENT'").query(Long.class).single())
                .isEqualTo(jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single());
        List<String> events = jdbc.sql("SELECT event_id FROM audit_log WHERE source = 'EVENT' ORDER BY event_id")
                .query(String.class).list();
        replayToTheEnd("audit-log");
        List<String> rebuilt = jdbc.sql("SELECT event_id FROM audit_log WHERE source = 'EVENT' ORDER BY event_id")
                .query(String.class).list();
        assertThat(rebuilt).isEqualTo(events);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE source = 'SIGN_IN'").query(Long.class).single())
                .isEqualTo(signIns);
        createUser(uniqueUsername("audited.after"), null);
        Eventually.await("new entries after the swap", Duration.ofSeconds(10), () -> jdbc.sql(
                "SELECT count(*) FROM audit_log WHERE source = 'EVENT'").query(Long.class).single() > events.size());
    }

    @Test
    void side_effect_processors_are_never_replayed() {
        for (String processor : List.of("webhook-outbox", "invitation-mail", "support-access-mail",
                "support-access-process", "command-lookups")) {
            Response refused = api.post("/api/v1/admin/processors/" + processor + "/replay", null);
            assertThat(refused.status()).as(processor).isEqualTo(409);
            assertThat(refused.text("type")).isEqualTo("/problems/replay-not-allowed");
        }
        assertThat(api.post("/api/v1/admin/processors/nope/replay", null).status()).isEqualTo(404);
        assertThat(clientWith(null, "org-admin").post("/api/v1/admin/processors/user-list/replay", null).status())
                .isEqualTo(403);
    }

    @Test
    void rebuilding_the_deletion_timers_after_organization_moves_yields_the_same_timers() {
        String retaining = createOrganization("Retaining " + System.nanoTime(), null);
        String shorter = createOrganization("Shorter " + System.nanoTime(), null);
        api.send("PUT", "/api/v1/organizations/" + retaining + "/retention", Map.of("deactivatedUserRetention", "P365D"),
                "application/json");
        api.send("PUT", "/api/v1/organizations/" + shorter + "/retention", Map.of("deactivatedUserRetention", "P30D"),
                "application/json");
        String moving = createOrganization("Moving " + System.nanoTime(), null);
        String below = createOrganization("Below", moving);
        String early = createUser(uniqueUsername("timer.early"), below).text("id");
        api.post("/api/v1/users/" + early + "/deactivate", null);
        api.patch("/api/v1/organizations/" + moving, Map.of("parentId", retaining));
        String late = createUser(uniqueUsername("timer.late"), moving).text("id");
        api.post("/api/v1/users/" + late + "/deactivate", null);
        api.patch("/api/v1/organizations/" + moving, Map.of("parentId", shorter));
        List<String> timers = timers(early, late);
        assertThat(timers).hasSize(2).allMatch(timer -> timer.contains("policy PT720H"));

        replayToTheEnd("deletion-timers");

        assertThat(timers(early, late)).isEqualTo(timers);
    }

    /**
     * A timer joins a user's deactivation with the retention an organization set, events of different aggregates: a
     * rebuild that loads aggregates in parallel parts must still see them in the event store's order.
     */
    @Test
    void rebuilding_the_deletion_timers_keeps_every_timer_whose_retention_another_aggregate_set() {
        List<String> users = new java.util.ArrayList<>();
        for (int o = 0; o < 4; o++) {
            String organization = createOrganization("Timed " + o + " " + System.nanoTime(), null);
            List<String> inIt = new java.util.ArrayList<>();
            for (int u = 0; u < 6; u++) {
                String user = createUser(uniqueUsername("timed"), organization).text("id");
                api.post("/api/v1/users/" + user + "/deactivate", null);
                inIt.add(user);
            }
            // the retention comes after the deactivations it times
            api.send("PUT", "/api/v1/organizations/" + organization + "/retention",
                    Map.of("deactivatedUserRetention", "P" + (10 + o) + "D"), "application/json");
            users.addAll(inIt);
        }
        List<String> timers = timers(users.toArray(String[]::new));
        assertThat(timers).hasSize(users.size());

        replayToTheEnd("deletion-timers");

        assertThat(timers(users.toArray(String[]::new))).isEqualTo(timers);
    }

    /** The timers of the users, without the runner's claim (a rebuild starts unclaimed). */
    private List<String> timers(String... userIds) {
        return jdbc.sql("""
                        SELECT user_id || ' ' || due_at || ' ' || reason || ' ' || coalesce(on_behalf_of_id, '-')
                        FROM deletion_timer WHERE user_id = ANY(?) ORDER BY user_id""")
                .param(userIds).query(String.class).list();
    }

    private List<String> indexes(String... tables) {
        return jdbc.sql("SELECT indexname || '|' || indexdef FROM pg_indexes WHERE schemaname = 'public'"
                        + " AND tablename = ANY (?) ORDER BY indexname")
                .param(tables).query(String.class).list();
    }
}
