package io.roster.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.People;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import io.roster.query.audit.ScopedAuditReader;
import io.roster.query.audit.ScopedAuditReader.Seen;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The audit log: every event and sign-in, filterable by actor type (Code42 Support User above all). */
class AuditLogHttpTest extends IntegrationTest {

    @Autowired
    private ApplicationContext context;

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
        // support users open no way in (no new people, no roles granted), so they correct and take away
        String touched = createUser(uniqueUsername("touched"), organization, "org-manager").text("id");
        assertThat(support.patch("/api/v1/users/" + touched, Map.of("lastName", "Corrected")).status()).isEqualTo(200);
        assertThat(support.delete("/api/v1/users/" + touched + "/roles/org-manager", "X-Request-Id", "support-req-1")
                .status()).isEqualTo(200);

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
        assertThat(types).containsExactly("RoleRevoked", "UserProfileUpdated", "SignInSucceeded");

        JsonNode roleEntry = bySupport.get(0);
        assertThat(roleEntry.path("summary").asText()).isEqualTo("Role org-manager revoked");
        assertThat(roleEntry.path("target").path("id").asText()).isEqualTo(touched);
        assertThat(roleEntry.path("target").path("organizationId").asText()).isEqualTo(organization);
        assertThat(roleEntry.path("changes").path("roles").path("removed").asText()).isEqualTo("org-manager");
        assertThat(roleEntry.path("requestId").asText()).isEqualTo("support-req-1");

        assertThat(ids(auditor, "actorId=" + supportId + "&eventType=UserProfileUpdated")).hasSize(1);
        assertThat(ids(auditor, "actorUsername=" + supportEmail + "&targetId=" + touched)).hasSize(2);
        assertThat(ids(auditor, "organizationId=" + organization + "&eventType=UserCreated")).hasSize(2);
        assertThat(ids(auditor, "actorType=SUPPORT_USER&actorType=API_CLIENT&organizationId=" + organization
                + "&eventType=UserCreated")).hasSize(2);
        assertThat(ids(auditor, "actorType=SYSTEM&targetId=" + touched)).isEmpty();
        assertThat(ids(auditor, "q=revoked&targetId=" + touched)).hasSize(1);
        assertThat(ids(auditor, "targetId=" + touched + "&to=" + start)).isEmpty();
        assertThat(ids(auditor, "actorType=SYSTEM&eventType=OrganizationCreated&targetId=" + organization)).isEmpty();
        assertThat(ids(auditor, "actorType=API_CLIENT&eventType=OrganizationCreated&targetId=" + organization)).hasSize(1);
    }

    /**
     * {@code auditlog.read} is environment-wide, so an organization-scoped reader can no longer be signed in; the
     * controller is read with the scope the access policy would hand over, as defence in depth.
     */
    @Test
    void a_scoped_reader_sees_a_person_by_name_only_while_they_are_within_its_scope() throws Exception {
        String home = createOrganization("Scoped audit " + System.nanoTime(), null);
        String team = createOrganization("Scoped audit team " + System.nanoTime(), home);
        String elsewhere = createOrganization("Elsewhere " + System.nanoTime(), null);
        String email = uniqueUsername("leaver");
        String id = People.activated(api, MAIL, Map.of("username", email, "firstName", "Leah", "lastName", "Parting",
                "organizationId", team), "silver harbour kettle");
        assertThat(People.signIn(port, email, "silver harbour kettle")).isNotNull();
        RosterApi auditor = clientWith(null, "audit-log-viewer");
        Eventually.await("the sign-in is audited", Duration.ofSeconds(10),
                () -> ids(auditor, "targetId=" + id + "&eventType=SignInSucceeded").size() == 1);

        ScopedAuditReader audit = new ScopedAuditReader(context);
        MockHttpServletRequest homeReader = ScopedAuditReader.organizationSubtree(home);
        List<Seen> whileInside = audit.page(homeReader, id, null);
        assertThat(whileInside).extracting(Seen::eventType).contains("UserCreated", "SignInSucceeded");
        assertThat(whileInside).extracting(Seen::targetName).containsOnly(email);
        assertThat(whileInside).filteredOn(seen -> seen.eventType().equals("SignInSucceeded"))
                .extracting(Seen::actorUsername).containsExactly(email);
        assertThat(audit.page(homeReader, null, email)).extracting(Seen::actorId).containsOnly(id).isNotEmpty();

        assertThat(api.post("/api/v1/users/" + id + "/move", Map.of("organizationId", elsewhere)).status())
                .isEqualTo(200);
        Eventually.await("the move is audited", Duration.ofSeconds(10),
                () -> ids(auditor, "targetId=" + id + "&eventType=UserMovedToOrganization").size() == 1);

        List<Seen> afterLeaving = audit.page(homeReader, id, null);
        assertThat(afterLeaving).as("entries from the time inside stay readable")
                .extracting(Seen::eventType).contains("UserCreated", "SignInSucceeded");
        assertThat(afterLeaving).extracting(Seen::targetId).containsOnly(id);
        assertThat(afterLeaving).extracting(Seen::targetName).containsOnlyNulls();
        assertThat(afterLeaving).filteredOn(seen -> seen.eventType().equals("SignInSucceeded"))
                .extracting(Seen::actorId, Seen::actorUsername).containsExactly(tuple(id, null));
        assertThat(audit.page(homeReader, null, email)).as("not found by the name it may not see").isEmpty();
        for (String format : List.of("csv", "jsonl")) {
            assertThat(audit.export(homeReader, id, format)).as(format).contains(id).doesNotContain(email);
        }

        assertThat(audit.page(ScopedAuditReader.self(id), id, null)).as("a reader scoped to themselves is named")
                .extracting(Seen::targetName).containsOnly(email).isNotEmpty();
        assertThat(auditor.get("/api/v1/audit-log?targetId=" + id).raw()).as("an environment-wide reader names them")
                .contains(email);
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
