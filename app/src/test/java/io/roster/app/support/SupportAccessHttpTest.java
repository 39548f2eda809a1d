package io.roster.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.People;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import io.roster.events.OrganizationIds;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed 003: the Support Access switch, its e-mails to Customer Cloud Admins, and what turning it off does. */
class SupportAccessHttpTest extends IntegrationTest {

    private Response set(RosterApi caller, boolean enabled) {
        return caller.send("PUT", "/api/v1/support-access", Map.of("enabled", enabled), "application/json");
    }

    private long rootEvents() {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?").param(OrganizationIds.ROOT)
                .query(Long.class).single();
    }

    @Test
    void toggling_support_access_emails_every_active_customer_cloud_admin_person() throws Exception {
        set(api, false);
        String adminEmail = uniqueUsername("cca.person");
        createUser(adminEmail, null, "customer-cloud-admin");
        String formerAdmin = uniqueUsername("former.cca");
        String formerId = createUser(formerAdmin, null, "customer-cloud-admin").text("id");
        api.post("/api/v1/users/" + formerId + "/deactivate", null);
        People.awaitMail(MAIL, adminEmail, 1); // the invitation

        long before = rootEvents();
        Response enabled = set(api, true);
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.body().path("enabled").asBoolean()).isTrue();
        assertThat(enabled.text("changedAt")).isNotNull();
        assertThat(enabled.body().path("changedBy").path("type").asText()).isEqualTo("API_CLIENT");
        assertThat(enabled.body().path("changedBy").path("username").asText()).isEqualTo(ADMIN_CLIENT_ID);
        assertThat(rootEvents()).isEqualTo(before + 1);
        assertThat(api.get("/api/v1/support-access").body().path("enabled").asBoolean()).isTrue();

        assertThat(set(api, true).status()).isEqualTo(200);
        assertThat(rootEvents()).as("setting the current value again emits nothing").isEqualTo(before + 1);

        MimeMessage mail = People.awaitMail(MAIL, adminEmail, 2);
        assertThat(mail.getSubject()).contains("Support Access was enabled");
        String body = (String) mail.getContent();
        assertThat(body).contains("enabled").contains("UTC").contains(ADMIN_CLIENT_ID);
        assertThat(MAIL.getReceivedMessagesForDomain(formerAdmin)).as("deactivated admins get no mail").hasSize(1);

        set(api, false);
        MimeMessage off = People.awaitMail(MAIL, adminEmail, 3);
        assertThat(off.getSubject()).contains("disabled");
    }

    /** Whatever a support user planted would outlive Support Access: they open no way in for anyone. */
    @Test
    void a_support_user_creates_no_principal_grants_no_role_and_issues_no_secret_or_sign_in_link() throws Exception {
        set(api, true);
        String supportEmail = uniqueUsername("tse.plant");
        api.post("/api/v1/users", Map.of("username", supportEmail, "firstName", "Tech", "lastName", "Support",
                "userType", "SUPPORT_USER", "roles", List.of("customer-cloud-admin")));
        String token = People.token((String) People.awaitMail(MAIL, supportEmail, 1).getContent());
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", token, "password", "tea kettle ocean breeze"))
                .status()).isEqualTo(204);
        RosterApi supportUser = anonymous.as(People.signIn(port, supportEmail, "tea kettle ocean breeze"));
        String someone = createUser(uniqueUsername("helped"), null).text("id");
        String client = api.post("/api/v1/api-clients", Map.of("name", "existing " + System.nanoTime())).text("id");

        Map<String, Response> attempts = new java.util.LinkedHashMap<>();
        attempts.put("create an API client", supportUser.post("/api/v1/api-clients", Map.of("name", "planted",
                "roles", List.of("customer-cloud-admin"))));
        attempts.put("create a person", supportUser.post("/api/v1/users", Map.of("username", uniqueUsername("planted"),
                "firstName", "Plan", "lastName", "Ted")));
        attempts.put("grant a role", supportUser.put("/api/v1/users/" + someone + "/roles/org-manager"));
        attempts.put("rotate a secret", supportUser.post("/api/v1/api-clients/" + client + "/rotate-secret", null));
        attempts.put("take a username", supportUser.patch("/api/v1/users/" + someone,
                Map.of("username", uniqueUsername("support.owned"))));
        attempts.put("send a reset link", supportUser.post("/api/v1/users/" + someone + "/password-reset", null));
        attempts.forEach((what, response) -> {
            assertThat(response.status()).as(what + ": " + response).isEqualTo(403);
            assertThat(response.text("type")).as(what).isEqualTo("/problems/support-user-cannot-open-access");
        });
        // helping is still possible: names can be corrected
        assertThat(supportUser.patch("/api/v1/users/" + someone, Map.of("lastName", "Corrected")).status()).isEqualTo(200);
        set(api, false);
    }

    @Test
    void turning_support_access_off_deactivates_support_users_and_ends_their_tokens_at_once() throws Exception {
        set(api, true);
        String supportEmail = uniqueUsername("tse");
        String supportId = api.post("/api/v1/users", Map.of("username", supportEmail, "firstName", "Tech",
                "lastName", "Support", "userType", "SUPPORT_USER", "roles", List.of("customer-cloud-admin"))).text("id");
        assertThat(supportId).isNotNull();
        String token = People.token((String) People.awaitMail(MAIL, supportEmail, 1).getContent());
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", token, "password", "tea kettle ocean breeze"))
                .status()).isEqualTo(204);
        RosterApi supportUser = anonymous.as(People.signIn(port, supportEmail, "tea kettle ocean breeze"));
        assertThat(supportUser.get("/api/v1/me").text("type")).isEqualTo("SUPPORT_USER");

        set(api, false);
        assertThat(supportUser.get("/api/v1/me").status()).as("refused from the next request on").isEqualTo(401);
        Eventually.await("the support user is deactivated", Duration.ofSeconds(10),
                () -> "DEACTIVATED".equals(api.get("/api/v1/users/" + supportId).text("status")));
        JsonNode last = lastHistoryEntry(supportId);
        assertThat(last.path("type").asText()).isEqualTo("UserDeactivated");
        assertThat(last.path("actor").path("type").asText()).isEqualTo("SYSTEM");

        Response refused = api.post("/api/v1/users", Map.of("username", uniqueUsername("tse2"), "firstName", "No",
                "lastName", "Entry", "userType", "SUPPORT_USER"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("type")).isEqualTo("/problems/support-access-disabled");
        assertThat(api.post("/api/v1/users/" + supportId + "/reactivate", null).text("type"))
                .isEqualTo("/problems/support-access-disabled");
        assertThat(api.post("/api/v1/users", Map.of("username", uniqueUsername("regular"), "firstName", "Reg",
                "lastName", "Ular")).status()).as("regular users are not affected").isEqualTo(201);
    }

    @Test
    void only_callers_allowed_to_toggle_support_user_creation_may_change_it() {
        RosterApi orgAdmin = clientWith(null, "org-admin");
        assertThat(set(orgAdmin, true).status()).isEqualTo(403);
        assertThat(orgAdmin.get("/api/v1/support-access").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v1/support-access").status()).isEqualTo(401);
        assertThat(api.send("PUT", "/api/v1/support-access", "{}", "application/json").text("field")).isEqualTo("enabled");
    }

    private JsonNode lastHistoryEntry(String userId) {
        JsonNode items = api.get("/api/v1/users/" + userId + "/history").body().path("items");
        return items.get(items.size() - 1);
    }
}
