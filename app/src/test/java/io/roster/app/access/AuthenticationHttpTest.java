package io.roster.app.access;

import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import io.roster.events.WellKnownIds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationHttpTest extends IntegrationTest {

    @Test
    void api_calls_without_a_valid_token_are_401_problems_with_www_authenticate() {
        Response missing = anonymous.get("/api/v1/users");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.text("type")).isEqualTo("/problems/unauthenticated");
        assertThat(missing.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));

        Response garbage = anonymous.as("not-a-token").get("/api/v1/users");
        assertThat(garbage.status()).isEqualTo(401);
        assertThat(garbage.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));
        assertThat(anonymous.post("/api/v1/users", Map.of("username", "x@example.com")).status()).isEqualTo(401);
        assertThat(anonymous.get("/scim/v2/Users").status()).isEqualTo(401);
    }

    @Test
    void health_openapi_and_the_token_endpoint_need_no_token() {
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.token(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET).status()).isEqualTo(200);
        assertThat(anonymous.token(ADMIN_CLIENT_ID, "wrong-secret").status()).isEqualTo(401);
        assertThat(anonymous.token("no-such-client", "x").status()).isEqualTo(401);
    }

    @Test
    void the_bootstrap_client_exists_once_and_acts_as_api_client() {
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?")
                .param(WellKnownIds.BOOTSTRAP_API_CLIENT).query(Long.class).single()).isEqualTo(1);
        Response me = api.get("/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(WellKnownIds.BOOTSTRAP_API_CLIENT);
        assertThat(me.text("type")).isEqualTo("API_CLIENT");
        assertThat(me.text("login")).isEqualTo(ADMIN_CLIENT_ID);
        assertThat(me.body().path("roles").toString()).contains("customer-cloud-admin");
        assertThat(me.body().path("permissions").toString()).contains("{\"permission\":\"crossorg_user.read\",\"scope\":\"ALL_ORGANIZATIONS\"}");
    }

    @Test
    void an_api_client_lives_through_its_whole_lifecycle() {
        Response created = api.post("/api/v1/api-clients", Map.of("name", "HR sync", "roles", List.of("org-admin")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.text("id");
        String clientId = created.text("clientId");
        String secret = created.text("clientSecret");
        assertThat(secret).startsWith("rs_").hasSizeGreaterThan(40);
        assertThat(created.header("Location")).contains("/api/v1/api-clients/" + id);
        Response read = api.get("/api/v1/api-clients/" + id);
        assertThat(read.raw()).doesNotContain(secret).doesNotContain("clientSecret");
        assertThat(listedClientIds()).contains(id);
        assertThat(jdbc.sql("SELECT secret_hash FROM client_credential WHERE api_client_id = ?").param(id)
                .query(String.class).single()).startsWith("{bcrypt}").doesNotContain(secret);

        RosterApi hr = anonymous.asClient(clientId, secret);
        String userId = hr.post("/api/v1/users", Map.of("username", uniqueUsername("hr"), "firstName", "H",
                "lastName", "R")).text("id");
        Response history = api.get("/api/v1/users/" + userId + "/history");
        assertThat(history.body().path("items").path(0).path("actor").path("id").asText()).isEqualTo(id);
        assertThat(history.body().path("items").path(0).path("actor").path("type").asText()).isEqualTo("API_CLIENT");
        assertThat(history.body().path("items").path(0).path("actor").path("username").asText()).isEqualTo(clientId);

        assertThat(api.put("/api/v1/api-clients/" + id + "/roles/audit-log-viewer").body().path("roles").toString())
                .contains("audit-log-viewer");
        assertThat(hr.get("/api/v1/me").body().path("roles").toString()).contains("audit-log-viewer");
        assertThat(api.delete("/api/v1/api-clients/" + id + "/roles/audit-log-viewer").body().path("roles").toString())
                .doesNotContain("audit-log-viewer");

        Response rotated = api.post("/api/v1/api-clients/" + id + "/rotate-secret", null);
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.text("clientSecret");
        assertThat(anonymous.token(clientId, secret).status()).isEqualTo(401);
        assertThat(anonymous.token(clientId, newSecret).status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/api-clients/" + id).status()).isEqualTo(204);
        assertThat(hr.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(anonymous.token(clientId, newSecret).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/api-clients/" + id).status()).isEqualTo(410);
        assertThat(api.post("/api/v1/api-clients/" + id + "/rotate-secret", null).status()).isEqualTo(410);
    }

    @Test
    void a_deactivated_principal_is_refused_on_its_very_next_request() {
        String organization = createOrganization("Token revocation", null);
        RosterApi admin = clientWith(organization, "org-admin");
        assertThat(admin.get("/api/v1/users").status()).isEqualTo(200);
        String id = admin.get("/api/v1/me").text("id");
        api.delete("/api/v1/api-clients/" + id);
        assertThat(admin.get("/api/v1/users").status()).isEqualTo(401);
    }

    @Test
    void bad_api_client_requests_are_refused_clearly() {
        assertThat(api.post("/api/v1/api-clients", Map.of("name", "")).text("field")).isEqualTo("name");
        assertThat(api.post("/api/v1/api-clients", Map.of("name", "x", "roles", List.of("nope"))).status()).isEqualTo(422);
        assertThat(api.post("/api/v1/api-clients", Map.of("name", "x", "clientId", "a b")).status()).isEqualTo(400);
        String clientId = "fixed-" + System.nanoTime();
        assertThat(api.post("/api/v1/api-clients", Map.of("name", "x", "clientId", clientId)).status()).isEqualTo(201);
        Response duplicate = api.post("/api/v1/api-clients", Map.of("name", "y", "clientId", clientId));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.text("type")).isEqualTo("/problems/duplicate-client-id");
        assertThat(api.get("/api/v1/api-clients/nope").status()).isEqualTo(404);
    }

    /** Every active client the list shows, following its pages (other tests add clients to the shared database). */
    private List<String> listedClientIds() {
        List<String> ids = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Response page = api.get("/api/v1/api-clients?limit=500" + (cursor == null ? "" : "&cursor=" + cursor));
            page.body().path("items").forEach(item -> ids.add(item.path("id").asText()));
            cursor = page.body().path("nextCursor").isTextual() ? page.body().path("nextCursor").asText() : null;
        } while (cursor != null);
        return ids;
    }
}
