package io.roster.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsHttpTest extends IntegrationTest {

    @Test
    void health_reports_the_database_and_every_event_processor() {
        Response health = api.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
        assertThat(health.body().path("components").path("db").path("status").asText()).isEqualTo("UP");
        JsonNode processors = health.body().path("components").path("eventProcessors");
        assertThat(processors.path("status").asText()).isEqualTo("UP");
        assertThat(processors.path("details").has("user-list")).isTrue();
        assertThat(processors.path("details").has("organization-list")).isTrue();
        assertThat(processors.path("details").path("user-list").path("running").asBoolean()).isTrue();
    }

    @Test
    void the_openapi_document_and_swagger_ui_are_served() {
        Response docs = api.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.body().path("paths");
        assertThat(paths.has("/api/v1/users")).isTrue();
        assertThat(paths.has("/api/v1/users/{id}/history")).isTrue();
        assertThat(paths.has("/api/v1/organizations/{id}/deactivate")).isTrue();
        assertThat(paths.has("/api/v1/roles/{roleId}")).isTrue();
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void the_role_catalogue_and_permissions_are_served() {
        Response roles = api.get("/api/v1/roles");
        assertThat(roles.body().path("items").size()).isGreaterThanOrEqualTo(45);
        List<String> names = new ArrayList<>();
        roles.body().path("items").forEach(role -> names.add(role.path("name").asText()));
        assertThat(names).contains("Customer Cloud Admin", "Desktop User", "Audit Log Viewer", "System Admin");

        Response cca = api.get("/api/v1/roles/customer-cloud-admin");
        assertThat(cca.text("scope")).isEqualTo("ALL_ORGANIZATIONS");
        assertThat(cca.body().path("permissions").size()).isPositive();
        assertThat(api.get("/api/v1/roles/desktop-user").text("scope")).isEqualTo("ASSIGNED_USER");
        assertThat(api.get("/api/v1/roles/cross-org-security-viewer").body().path("companions").path(0)
                .path("anyOfRoles").path(0).asText()).isEqualTo("security-center-user");
        Response missing = api.get("/api/v1/roles/no-such-role");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");

        Response permissions = api.get("/api/v1/permissions");
        JsonNode consoleLogin = null;
        for (JsonNode permission : permissions.body().path("items")) {
            if (permission.path("id").asText().equals("console.login")) {
                consoleLogin = permission;
            }
        }
        assertThat(consoleLogin).isNotNull();
        assertThat(consoleLogin.path("description").asText()).isNotBlank();
        assertThat(consoleLogin.path("roles").toString()).contains("customer-cloud-admin");
    }

    @Test
    void processors_report_that_they_run_in_the_commands_transaction_and_metrics_are_exposed() {
        createUser(uniqueUsername("metrics"), null);
        Response processors = api.get("/api/v1/admin/processors");
        List<String> names = new ArrayList<>();
        processors.body().path("items").forEach(processor -> {
            names.add(processor.path("name").asText());
            assertThat(processor.path("head").asLong()).isPositive();
        });
        assertThat(names).contains("user-list", "organization-list", "audit-log", "seat-usage", "webhook-outbox",
                "invitation-mail", "command-lookups");
        for (JsonNode processor : processors.body().path("items")) {
            String name = processor.path("name").asText();
            if (name.equals("webhook-outbox") || name.equals("invitation-mail")) {
                assertThat(processor.path("replayable").asBoolean()).as(name + " must never replay").isFalse();
            }
            if (name.equals("user-list")) {
                assertThat(processor.path("replayable").asBoolean()).isTrue();
                assertThat(processor.path("tables")).extracting(JsonNode::asText).containsExactly("user_list");
            }
            assertThat(processor.path("status").asText()).as(name).isEqualTo("IN_TRANSACTION");
            assertThat(processor.path("kind").asText()).as(name).isEqualTo("in-transaction");
        }
        assertThat(clientWith(null, "org-admin").get("/api/v1/admin/processors").status()).isEqualTo(403);

        // metrics are for operations: the same Customer Cloud Admin as the processors (see MetricsAccessHttpTest)
        Response metrics = api.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw()).contains("commandBus_allTimer_seconds_count").contains("jvm_memory_used_bytes")
                .contains("roster_event_store_head ").contains("eventProcessor_user_list_allTimer_seconds_count")
                .contains("roster_replay_percent{processor=\"seat-usage\"}");
    }
}
