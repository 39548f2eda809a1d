package io.roster.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.People;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log: every event and sign-in, filterable by actor type (Code42 Support User above all). */
class AuditLogHttpTest extends IntegrationTest {

    @Test
    void support_user_activity_is_found_by_actor_type_and_each_filter_narrows_exactly() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        api.send("PUT", "/api/v1/support-access", Map.of("enabled", true), "application/json");
        String organization = createOrganization("Audited " + System.nanoTime(), null);
        String supportEmail = uniqueUsername("audit.tse");
        String supportId = api.post("/api/v1/users", Map.of("username", supportEmail, "firstName", "Audit",
                "lastName", "Tse", "userType", "SUPPORT_USER", "organizationId", organization,
                "roles", List.of("customer-cloud-admin"))).text("id");
        String token = People.token((String) People.awaitMail(MAIL, supportEmail, 1).getContent());
        anonymous.post("/api/v1/activation", Map.of("token", token, "password", "quiet meadow lantern"));
        RosterApi support = anonymous.as(People.signIn(port, supportEmail, "quiet meadow lantern"));
        // support staff help (they correct and deactivate; they open no way in, so they create no one)
        String touched = createUser(uniqueUsername("touched"), organization).text("id");
        support.patch("/api/v1/users/" + touched, Map.of("lastName", "Corrected"));
        support.send("POST", "/api/v1/users/" + touched + "/deactivate", Map.of("reason", "left"), "application/json",
                "X-Request-Id", "support-req-1");

        RosterApi auditor = clientWith(null, "audit-log-viewer");
        Eventually.await("the support user's actions are in the audit log", Duration.ofSeconds(10), () ->
                auditor.get("/api/v1/audit-log?actorType=SUPPORT_USER&targetId=" + touched).body().path("items").size() == 2);

        JsonNode bySupport = auditor.get("/api/v1/audit-log?actorType=SUPPORT_USER&from=" + start).body().path("items");
        List<String> types = new ArrayList<>();
        bySupport.forEach(entry -> {
            assertThat(entry.path("actor").path("type").asText()).isEqualTo("SUPPORT_USER");
            assertThat(entry.path("actor").path("typeLabel").asText()).isEqualTo("Code42 Support User");
            assertThat(entry.path("actor").path("username").asText()).isEqualTo(supportEmail);
            types.add(entry.path("eventType").asText());
        });
        assertThat(types).containsExactly("UserDeactivated", "UserProfileUpdated", "SignInSucceeded");

        JsonNode deactivation = bySupport.get(0);
        assertThat(deactivation.path("summary").asText()).isEqualTo("User deactivated");
        assertThat(deactivation.path("target").path("id").asText()).isEqualTo(touched);
        assertThat(deactivation.path("target").path("organizationId").asText()).isEqualTo(organization);
        assertThat(deactivation.path("changes").path("status").path("to").asText()).isEqualTo("DEACTIVATED");
        assertThat(deactivation.path("requestId").asText()).isEqualTo("support-req-1");

        assertThat(ids(auditor, "actorId=" + supportId + "&eventType=UserDeactivated")).hasSize(1);
        assertThat(ids(auditor, "actorUsername=" + supportEmail + "&targetId=" + touched)).hasSize(2);
        assertThat(ids(auditor, "organizationId=" + organization + "&eventType=UserCreated")).hasSize(2);
        assertThat(ids(auditor, "actorType=SUPPORT_USER&actorType=API_CLIENT&organizationId=" + organization
                + "&eventType=UserDeactivated")).hasSize(1);
        assertThat(ids(auditor, "actorType=API_CLIENT&targetId=" + touched)).hasSize(1);
        assertThat(ids(auditor, "q=deactivated&targetId=" + touched)).hasSize(1);
        assertThat(ids(auditor, "targetId=" + touched + "&to=" + start)).isEmpty();
        assertThat(ids(auditor, "actorType=SYSTEM&eventType=OrganizationCreated&targetId=" + organization)).isEmpty();
        assertThat(ids(auditor, "actorType=API_CLIENT&eventType=OrganizationCreated&targetId=" + organization)).hasSize(1);
    }

    @Test
    void pages_are_newest_first_without_gaps_or_repeats() {
        String organization = createOrganization("Paged audit " + System.nanoTime(), null);
        for (int i = 0; i < 5; i++) {
            createUser(uniqueUsername("paged" + i), organization);
        }
        RosterApi auditor = clientWith(null, "audit-log-viewer");
        Eventually.await("five creations audited", Duration.ofSeconds(10),
                () -> ids(auditor, "organizationId=" + organization + "&eventType=UserCreated").size() == 5);
        List<String> all = ids(auditor, "organizationId=" + organization);
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Response page = auditor.get("/api/v1/audit-log?limit=2&organizationId=" + organization
                    + (cursor == null ? "" : "&cursor=" + cursor));
            page.body().path("items").forEach(entry -> paged.add(entry.path("id").asText()));
            cursor = page.text("nextCursor");
        } while (cursor != null);
        assertThat(paged).containsExactlyElementsOf(all);
        List<Long> ids = all.stream().map(Long::parseLong).toList();
        assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void a_deleted_person_shows_as_a_pseudonym_and_exports_stream_every_match() {
        String organization = createOrganization("Export " + System.nanoTime(), null);
        String email = uniqueUsername("gone.person");
        String id = createUser(email, organization).text("id");
        api.post("/api/v1/users/" + id + "/deactivate", null);
        api.delete("/api/v1/users/" + id);
        RosterApi auditor = clientWith(null, "audit-log-viewer");
        Eventually.await("deletion audited", Duration.ofSeconds(10),
                () -> ids(auditor, "targetId=" + id).size() == 3);
        Response entries = auditor.get("/api/v1/audit-log?targetId=" + id);
        assertThat(entries.raw()).doesNotContain(email).contains("deleted user " + id);

        Response csv = auditor.send("GET", "/api/v1/audit-log/export?format=csv&organizationId=" + organization, null,
                "application/json");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.raw().split("\n");
        assertThat(lines[0]).startsWith("id,occurredAt,eventType");
        assertThat(lines).hasSize(1 + ids(auditor, "organizationId=" + organization).size());
        assertThat(csv.raw()).doesNotContain(email);

        Response jsonl = auditor.send("GET", "/api/v1/audit-log/export?format=jsonl&targetId=" + id, null, "application/json");
        assertThat(jsonl.raw().trim().split("\n")).hasSize(3);
        assertThat(auditor.get("/api/v1/audit-log/export?format=xml").status()).isEqualTo(400);
    }

    @Test
    void reading_the_audit_log_needs_auditlog_read_and_bad_filters_are_refused() {
        assertThat(clientWith(null, "org-admin").get("/api/v1/audit-log").status()).isEqualTo(403);
        assertThat(anonymous.get("/api/v1/audit-log").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/audit-log?limit=1").status()).as("Customer Cloud Admin holds auditlog.read").isEqualTo(200);
        assertThat(api.get("/api/v1/audit-log?actorType=ROBOT").text("field")).isEqualTo("actorType");
        assertThat(api.get("/api/v1/audit-log?from=yesterday").text("field")).isEqualTo("from");
        assertThat(api.get("/api/v1/audit-log?cursor=garbage").text("field")).isEqualTo("cursor");
    }

    private static List<String> ids(RosterApi caller, String query) {
        Response response = caller.get("/api/v1/audit-log?limit=500&" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.body().path("items").forEach(entry -> ids.add(entry.path("id").asText()));
        return ids;
    }
}
