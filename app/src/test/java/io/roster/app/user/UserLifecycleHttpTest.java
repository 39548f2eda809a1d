package io.roster.app.user;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import io.roster.events.OrganizationIds;
import io.roster.events.WellKnownIds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UserLifecycleHttpTest extends IntegrationTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void creating_a_user_answers_201_with_location_etag_and_the_user() {
        String username = uniqueUsername("jane");
        Response created = createUser(username, null);

        assertThat(created.status()).isEqualTo(201);
        String id = created.text("id");
        assertThat(created.header("Location")).contains("/api/v1/users/" + id);
        assertThat(created.header("ETag")).contains("\"1\"");
        assertThat(created.text("username")).isEqualTo(username);
        assertThat(created.text("status")).isEqualTo("ACTIVE");
        assertThat(created.text("userType")).isEqualTo("USER");
        assertThat(created.text("organizationId")).isEqualTo(OrganizationIds.ROOT);
        assertThat(texts(created.body().path("roles"))).containsExactly("desktop-user");
        assertThat(created.text("createdAt")).isNotNull();
        assertThat(created.body().path("version").asLong()).isEqualTo(1);
    }

    @Test
    void a_created_user_is_readable_at_once_with_its_etag() {
        Response created = createUser(uniqueUsername("read"), null, "customer-cloud-admin", "desktop-user");
        Response read = api.get("/api/v1/users/" + created.text("id"));

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).contains("\"1\"");
        assertThat(texts(read.body().path("roles"))).containsExactly("customer-cloud-admin", "desktop-user");
        assertThat(api.get("/api/v1/users/" + created.text("id"), "If-None-Match", "\"1\"").status()).isEqualTo(304);
    }

    @Test
    void the_whole_lifecycle_works_and_every_step_is_visible_to_the_next_read() {
        String organization = createOrganization("Lifecycle " + uniqueUsername("o"), null);
        String other = createOrganization("Lifecycle target " + uniqueUsername("o"), null);
        String id = createUser(uniqueUsername("life"), organization).text("id");
        String path = "/api/v1/users/" + id;

        Response renamed = api.patch(path, Map.of("firstName", "Janet", "lastName", "Doe"), "If-Match", "\"1\"");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.header("ETag")).contains("\"2\"");
        assertThat(api.get(path).text("firstName")).isEqualTo("Janet");

        String newUsername = uniqueUsername("janet");
        assertThat(api.patch(path, Map.of("username", newUsername)).text("username")).isEqualTo(newUsername);

        Response assigned = api.put(path + "/roles/audit-log-viewer");
        assertThat(assigned.status()).isEqualTo(200);
        assertThat(texts(assigned.body().path("roles"))).contains("audit-log-viewer");
        Response again = api.put(path + "/roles/audit-log-viewer");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("ETag")).isEqualTo(assigned.header("ETag"));

        Response revoked = api.delete(path + "/roles/audit-log-viewer");
        assertThat(texts(revoked.body().path("roles"))).doesNotContain("audit-log-viewer");
        assertThat(api.delete(path + "/roles/audit-log-viewer").header("ETag")).isEqualTo(revoked.header("ETag"));

        Response moved = api.post(path + "/move", Map.of("organizationId", other));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(api.get(path).text("organizationId")).isEqualTo(other);

        assertThat(api.post(path + "/deactivate", Map.of("reason", "left")).text("status")).isEqualTo("DEACTIVATED");
        Response deactivated = api.get(path);
        assertThat(deactivated.text("status")).isEqualTo("DEACTIVATED");
        assertThat(texts(deactivated.body().path("roles"))).isNotEmpty();

        assertThat(api.post(path + "/reactivate", null).text("status")).isEqualTo("ACTIVE");
        assertThat(api.post(path + "/deactivate", null).status()).isEqualTo(200);
        assertThat(api.delete(path).status()).isEqualTo(204);
        Response gone = api.get(path);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.contentType()).startsWith(PROBLEM);
        assertThat(gone.text("type")).isEqualTo("/problems/user-deleted");
    }

    @Test
    void a_role_missing_its_companion_is_assigned_with_a_warning() {
        String id = createUser(uniqueUsername("warn"), null, "cross-org-security-viewer").text("id");
        Response user = api.get("/api/v1/users/" + id);
        JsonNode warning = user.body().path("warnings").path(0);
        assertThat(warning.path("roleId").asText()).isEqualTo("cross-org-security-viewer");
        assertThat(texts(warning.path("missingAnyOf"))).containsExactly("security-center-user");

        Response fixed = api.put("/api/v1/users/" + id + "/roles/security-center-user");
        assertThat(fixed.body().path("warnings")).isEmpty();
    }

    @Test
    void invalid_transitions_are_refused_with_409_and_change_nothing() {
        String id = createUser(uniqueUsername("transit"), null).text("id");
        String path = "/api/v1/users/" + id;

        Response activeDelete = api.delete(path);
        assertThat(activeDelete.status()).isEqualTo(409);
        assertThat(activeDelete.text("type")).isEqualTo("/problems/invalid-transition");
        assertThat(api.post(path + "/reactivate", null).status()).isEqualTo(409);
        api.post(path + "/deactivate", null);
        Response twice = api.post(path + "/deactivate", null);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.contentType()).startsWith(PROBLEM);
        assertThat(api.get(path).header("ETag")).contains("\"2\"");
        assertThat(eventCount(id)).isEqualTo(2);
    }

    @Test
    void a_stale_if_match_is_refused_with_412_and_a_fresh_one_is_accepted() {
        String path = "/api/v1/users/" + createUser(uniqueUsername("etag"), null).text("id");
        Response stale = api.patch(path, Map.of("firstName", "X"), "If-Match", "\"7\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.text("type")).isEqualTo("/problems/stale-version");
        assertThat(stale.text("detail")).as("in the ETags' numbers").isEqualTo(
                "If-Match names version 7 but the current version is 1");
        assertThat(api.patch(path, Map.of("firstName", "X"), "If-Match", "\"1\"").status()).isEqualTo(200);
        assertThat(api.patch(path, Map.of("firstName", "Y"), "If-Match", "garbage").status()).isEqualTo(400);
        assertThat(api.post(path + "/deactivate", null, "If-Match", "\"1\"").status()).isEqualTo(412);
    }

    @Test
    void duplicate_usernames_are_refused_whatever_their_case() {
        String username = uniqueUsername("dup");
        createUser(username, null);
        Response duplicate = createUser(username.toUpperCase(), null);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.text("type")).isEqualTo("/problems/duplicate-username");
        assertThat(duplicate.text("field")).isEqualTo("username");

        String other = createUser(uniqueUsername("dup2"), null).text("id");
        assertThat(api.patch("/api/v1/users/" + other, Map.of("username", username)).status()).isEqualTo(409);
    }

    @Test
    void bad_input_gets_a_problem_naming_the_field_and_writes_nothing() {
        long before = totalEvents();
        Response malformed = api.post("/api/v1/users", "{\"username\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith(PROBLEM);
        assertThat(malformed.text("type")).isEqualTo("/problems/malformed-request");

        Response email = api.post("/api/v1/users", Map.of("username", "not-an-email", "firstName", "A", "lastName", "B"));
        assertThat(email.status()).isEqualTo(400);
        assertThat(email.text("field")).isEqualTo("username");

        Response blank = api.post("/api/v1/users", Map.of("username", uniqueUsername("b"), "firstName", " ", "lastName", "B"));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.text("field")).isEqualTo("firstName");

        Response unknownField = api.post("/api/v1/users", Map.of("username", uniqueUsername("u"), "firstName", "A",
                "lastName", "B", "nickname", "x"));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.text("field")).isEqualTo("nickname");

        Response badType = api.post("/api/v1/users", Map.of("username", uniqueUsername("t"), "firstName", "A",
                "lastName", "B", "userType", "ROBOT"));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.text("field")).isEqualTo("userType");

        Response badRoles = api.post("/api/v1/users", "{\"username\":\"" + uniqueUsername("r")
                + "\",\"firstName\":\"A\",\"lastName\":\"B\",\"roles\":\"desktop-user\"}");
        assertThat(badRoles.status()).isEqualTo(400);
        assertThat(badRoles.text("field")).isEqualTo("roles");

        Response unknownRole = createUser(uniqueUsername("role"), null, "no-such-role");
        assertThat(unknownRole.status()).isEqualTo(422);
        assertThat(unknownRole.text("type")).isEqualTo("/problems/role-not-found");

        Response unknownOrganization = createUser(uniqueUsername("org"), "no-such-organization");
        assertThat(unknownOrganization.status()).isEqualTo(422);
        assertThat(unknownOrganization.text("field")).isEqualTo("organizationId");

        Response text = api.send("POST", "/api/v1/users", "x", "text/plain");
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.contentType()).startsWith(PROBLEM);

        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void unknown_users_and_roles_are_404_problems() {
        Response missing = api.get("/api/v1/users/00000000-0000-0000-0000-000000000000");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith(PROBLEM);
        assertThat(api.put("/api/v1/users/00000000-0000-0000-0000-000000000000/roles/desktop-user").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/users/nope/deactivate", null).status()).isEqualTo(404);

        String id = createUser(uniqueUsername("nf"), null).text("id");
        Response unknownRole = api.put("/api/v1/users/" + id + "/roles/no-such-role");
        assertThat(unknownRole.status()).isEqualTo(404);
        assertThat(unknownRole.text("type")).isEqualTo("/problems/role-not-found");
        assertThat(api.get("/api/v1/no-such-endpoint").status()).isEqualTo(404);
        assertThat(api.send("PATCH", "/api/v1/roles", "{}", "application/json").status()).isEqualTo(405);
    }

    @Test
    void the_list_filters_by_organization_children_status_role_type_and_text() {
        String parent = createOrganization("Filters " + uniqueUsername("p"), null);
        String child = createOrganization("Filters child " + uniqueUsername("c"), parent);
        String marker = "zq" + System.nanoTime();
        String inParent = createUser(marker + ".one@example.com", parent, "org-admin").text("id");
        String inChild = createUser(marker + ".two@example.com", child).text("id");
        api.send("PUT", "/api/v1/support-access", Map.of("enabled", true), "application/json");
        Response support = api.post("/api/v1/users", Map.of("username", marker + ".three@example.com", "firstName", "S",
                "lastName", "Upport", "organizationId", child, "userType", "SUPPORT_USER"));
        String supportId = support.text("id");
        api.post("/api/v1/users/" + inChild + "/deactivate", null);

        assertThat(ids("/api/v1/users?organizationId=" + parent)).containsExactly(inParent);
        assertThat(ids("/api/v1/users?organizationId=" + parent + "&includeChildren=true"))
                .containsExactly(inParent, inChild, supportId);
        assertThat(ids("/api/v1/users?organizationId=" + parent + "&includeChildren=true&status=DEACTIVATED"))
                .containsExactly(inChild);
        assertThat(ids("/api/v1/users?organizationId=" + parent + "&includeChildren=true&role=org-admin"))
                .containsExactly(inParent);
        assertThat(ids("/api/v1/users?organizationId=" + child + "&userType=SUPPORT_USER")).containsExactly(supportId);
        assertThat(ids("/api/v1/users?q=" + marker.toUpperCase())).containsExactly(inParent, inChild, supportId);
        assertThat(ids("/api/v1/users?q=" + marker + "&status=active")).containsExactly(inParent, supportId);
        assertThat(ids("/api/v1/users?q=Upport%20" + marker)).isEmpty();

        assertThat(api.get("/api/v1/users?status=SLEEPING").text("field")).isEqualTo("status");
        assertThat(api.get("/api/v1/users?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/users?limit=abc").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/users?cursor=not-a-cursor").text("field")).isEqualTo("cursor");
        assertThat(api.get("/api/v1/users?includeChildren=true").status()).isEqualTo(400);
    }

    @Test
    void keyset_pages_walk_the_whole_list_once_in_a_stable_order() {
        String organization = createOrganization("Paging " + uniqueUsername("p"), null);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(createUser(uniqueUsername("page" + i), organization).text("id"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get("/api/v1/users?organizationId=" + organization + "&limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.body().path("items").forEach(item -> seen.add(item.path("id").asText()));
            cursor = page.text("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void history_lists_every_event_with_actor_time_and_request_id() {
        String id = createUser(uniqueUsername("hist"), null).text("id");
        api.put("/api/v1/users/" + id + "/roles/org-admin", "X-Request-Id", "req-history-42");
        api.post("/api/v1/users/" + id + "/deactivate", Map.of("reason", "sabbatical"));

        Response history = api.get("/api/v1/users/" + id + "/history");
        assertThat(history.status()).isEqualTo(200);
        JsonNode items = history.body().path("items");
        assertThat(items).hasSize(3);
        assertThat(items.path(0).path("type").asText()).isEqualTo("UserCreated");
        assertThat(items.path(1).path("type").asText()).isEqualTo("RoleAssigned");
        assertThat(items.path(1).path("requestId").asText()).isEqualTo("req-history-42");
        assertThat(items.path(1).path("actor").path("type").asText()).isEqualTo("API_CLIENT");
        assertThat(items.path(1).path("actor").path("id").asText()).isEqualTo(WellKnownIds.BOOTSTRAP_API_CLIENT);
        assertThat(items.path(1).path("actor").path("username").asText()).isEqualTo(ADMIN_CLIENT_ID);
        assertThat(items.path(2).path("data").path("reason").asText()).isEqualTo("sabbatical");
        assertThat(items.path(2).path("occurredAt").asText()).isNotBlank();
        assertThat(api.get("/api/v1/users/" + id, "X-Request-Id", "echo-me").header("X-Request-Id")).contains("echo-me");
    }

    private List<String> ids(String path) {
        Response response = api.get(path);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.body().path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private long eventCount(String aggregateId) {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?").param(aggregateId)
                .query(Long.class).single();
    }

    private long totalEvents() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }

    @Test
    void the_user_list_shows_last_activity_and_filters_by_it() {
        String tag = java.util.UUID.randomUUID().toString().substring(0, 8);
        String active = createUser("active." + tag + "@example.com", null).text("id");
        String idle = createUser("idle." + tag + "@example.com", null).text("id");
        String never = createUser("never." + tag + "@example.com", null).text("id");
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        assertThat(api.post("/api/v1/users/" + active + "/activity", Map.of("kind", "SIGN_IN", "at",
                now.minusSeconds(3600).toString())).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/users/" + idle + "/activity", Map.of("kind", "DEVICE_CONNECTED", "at",
                now.minus(java.time.Duration.ofDays(45)).toString())).status()).isEqualTo(204);

        assertThat(java.time.Instant.parse(api.get("/api/v1/users/" + active).text("lastActivityAt")))
                .isEqualTo(now.minusSeconds(3600));
        assertThat(api.get("/api/v1/users/" + never).body().path("lastActivityAt").isNull()).isTrue();
        String since = now.minus(java.time.Duration.ofDays(30)).toString();
        assertThat(ids("/api/v1/users?q=" + tag + "&activeSince=" + since)).containsExactly(active);
        assertThat(ids("/api/v1/users?q=" + tag + "&inactiveSince=" + since)).containsExactlyInAnyOrder(idle, never);
        Response bad = api.get("/api/v1/users?inactiveSince=last-week");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("field")).isEqualTo("inactiveSince");
    }
}
