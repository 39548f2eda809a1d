package io.roster.app.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** CSV imports: dry run, a job with good and bad rows, an idempotent re-run, bulk deactivation, allowed domains. */
class CsvImportHttpTest extends IntegrationTest {

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    private String user(String name) {
        return name + "." + tag + "@example.com";
    }

    private Response upload(String csv, String query) {
        return api.send("POST", "/api/v1/imports" + query, csv, "text/csv");
    }

    private JsonNode finished(Response started) {
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String location = started.header("Location").orElseThrow();
        Eventually.await("import done", Duration.ofSeconds(60), () -> "DONE".equals(api.get(location).text("state")));
        return api.get(location).body();
    }

    private String outcomeOf(JsonNode report, int row) {
        for (JsonNode result : report.path("rows")) {
            if (result.path("row").asInt() == row) {
                return result.path("outcome").asText() + (result.path("reason").isNull() ? "" : ": " + result.path("reason").asText());
            }
        }
        throw new AssertionError("no row " + row + " in " + report);
    }

    private String file(String organization) {
        return "username,firstName,lastName,organization,roles,userType\r\n"
                + user("ada") + ",Ada,Lovelace," + organization + ",desktop-user;org-manager,USER\r\n"
                + "\"" + user("grace") + "\",\"Grace, Rear Admiral\",Hopper,,,\r\n"
                + "not-an-address,Bad,Row,,,\r\n"
                + user("nobody") + ",No,Org,Org That Does Not Exist,,\r\n"
                + user("ada") + ",Ada,Again,,,\r\n"
                + user("norole") + ",No,Role,,no-such-role,\r\n";
    }

    @Test
    void a_dry_run_reports_every_row_and_changes_nothing() {
        String organization = "Imported " + tag;
        createOrganization(organization, null);
        long events = jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();

        Response dry = upload(file(organization), "?dryRun=true");
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        JsonNode report = dry.body();
        assertThat(report.path("dryRun").asBoolean()).isTrue();
        assertThat(report.path("total").asInt()).isEqualTo(6);
        assertThat(report.path("created").asInt()).isEqualTo(2);
        assertThat(report.path("failed").asInt()).isEqualTo(4);
        assertThat(outcomeOf(report, 1)).isEqualTo("CREATED");
        assertThat(outcomeOf(report, 2)).isEqualTo("CREATED");
        assertThat(outcomeOf(report, 3)).startsWith("FAILED").contains("not-an-address");
        assertThat(outcomeOf(report, 4)).startsWith("FAILED").contains("Org That Does Not Exist");
        assertThat(outcomeOf(report, 5)).startsWith("FAILED").contains("repeated");
        assertThat(outcomeOf(report, 6)).startsWith("FAILED").contains("no-such-role");
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single())
                .as("a dry run changes nothing").isEqualTo(events);
    }

    @Test
    void a_job_creates_the_good_rows_reports_the_bad_ones_and_a_rerun_changes_nothing() {
        String organization = "Imported " + tag;
        String organizationId = createOrganization(organization, null);
        JsonNode report = finished(upload(file(organization), ""));
        assertThat(report.path("total").asInt()).isEqualTo(6);
        assertThat(report.path("done").asInt()).isEqualTo(6);
        assertThat(report.path("percent").asDouble()).isEqualTo(100.0);
        assertThat(report.path("created").asInt()).isEqualTo(2);
        assertThat(report.path("failed").asInt()).isEqualTo(4);

        String ada = api.get("/api/v1/users?q=" + "ada." + tag).body().path("items").get(0).path("id").asText();
        JsonNode adaView = api.get("/api/v1/users/" + ada).body();
        assertThat(adaView.path("organizationId").asText()).isEqualTo(organizationId);
        assertThat(adaView.path("roles").toString()).contains("org-manager").contains("desktop-user");
        assertThat(api.get("/api/v1/users?q=grace." + tag).body().path("items").get(0).path("firstName").asText())
                .isEqualTo("Grace, Rear Admiral");
        Response audit = api.get("/api/v1/audit-log?targetId=" + ada);
        assertThat(audit.body().path("items").get(0).path("actor").toString()).contains(ADMIN_CLIENT_ID);

        Response errors = api.get("/api/v1/imports/" + report.path("id").asText() + "/errors.csv");
        assertThat(errors.status()).isEqualTo(200);
        assertThat(errors.contentType()).startsWith("text/csv");
        assertThat(errors.raw().lines()).hasSize(5).first().isEqualTo("row,username,reason");
        assertThat(errors.raw()).contains("3,not-an-address,").contains("no-such-role");

        Eventually.await("user list has the imported users", Duration.ofSeconds(10), () -> jdbc.sql(
                "SELECT count(*) FROM user_list WHERE username_lower IN (?, ?)").params(user("ada"), user("grace"))
                .query(Long.class).single() == 2);
        long events = jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
        JsonNode rerun = finished(upload(file(organization), ""));
        assertThat(rerun.path("unchanged").asInt()).isEqualTo(2);
        assertThat(rerun.path("created").asInt()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single())
                .as("re-running the same file changes nothing").isEqualTo(events);

        // upsert changes what differs; create mode refuses to overwrite
        String changed = "username,firstName,roles\n" + user("ada") + ",Augusta,desktop-user\n";
        assertThat(outcomeOf(upload(changed, "?dryRun=true").body(), 1)).startsWith("FAILED").contains("mode=upsert");
        JsonNode upserted = finished(upload(changed, "?mode=upsert"));
        assertThat(upserted.path("updated").asInt()).isEqualTo(1);
        Eventually.await("names and roles updated", Duration.ofSeconds(10), () -> {
            JsonNode view = api.get("/api/v1/users/" + ada).body();
            return view.path("firstName").asText().equals("Augusta") && view.path("lastName").asText().equals("Lovelace")
                    && view.path("roles").size() == 1;
        });
    }

    @Test
    void the_same_format_deactivates_and_reactivates_in_bulk() {
        String first = createUser(user("bulk1"), null).text("id");
        String second = createUser(user("bulk2"), null).text("id");
        String csv = "username\n" + user("bulk1") + "\n" + user("bulk2") + "\n" + user("missing") + "\n";
        JsonNode deactivated = finished(upload(csv, "?action=deactivate"));
        assertThat(deactivated.path("updated").asInt()).isEqualTo(2);
        assertThat(deactivated.path("failed").asInt()).isEqualTo(1);
        Eventually.await("both deactivated", Duration.ofSeconds(10), () ->
                api.get("/api/v1/users/" + first).text("status").equals("DEACTIVATED")
                        && api.get("/api/v1/users/" + second).text("status").equals("DEACTIVATED"));
        assertThat(finished(upload(csv, "?action=deactivate")).path("unchanged").asInt()).isEqualTo(2);

        String perRow = "username,action\n" + user("bulk1") + ",reactivate\n";
        assertThat(finished(upload(perRow, "")).path("updated").asInt()).isEqualTo(1);
        Eventually.await("reactivated", Duration.ofSeconds(10), () ->
                api.get("/api/v1/users/" + first).text("status").equals("ACTIVE"));
    }

    @Test
    void allowed_domains_refuse_rows_outside_them() {
        try {
            api.send("PUT", "/api/v1/settings/allowed-domains", Map.of("domains", List.of("example.com")), "application/json");
            String csv = "username,firstName,lastName\n" + user("inside") + ",In,Side\noutside." + tag + "@elsewhere.org,Out,Side\n";
            JsonNode report = upload(csv, "?dryRun=true").body();
            assertThat(outcomeOf(report, 1)).isEqualTo("CREATED");
            assertThat(outcomeOf(report, 2)).startsWith("FAILED").contains("outside the allowed domains");
        } finally {
            api.send("PUT", "/api/v1/settings/allowed-domains", Map.of("domains", List.of()), "application/json");
        }
    }

    @Test
    void a_broken_file_is_refused_as_a_whole_with_a_clear_problem() {
        Response unknownColumn = upload("username,shoeSize\na@example.com,42\n", "");
        assertThat(unknownColumn.status()).isEqualTo(400);
        assertThat(unknownColumn.contentType()).startsWith("application/problem+json");
        assertThat(unknownColumn.text("detail")).contains("shoeSize");
        Response unclosed = upload("username\n\"a@example.com\n", "");
        assertThat(unclosed.status()).isEqualTo(400);
        assertThat(unclosed.text("detail")).contains("never closed");
        assertThat(upload("", "").status()).isEqualTo(400);
        assertThat(upload("username\na@example.com\n", "?mode=merge").text("detail")).contains("create or upsert");
        assertThat(api.get("/api/v1/imports/does-not-exist").status()).isEqualTo(404);
        assertThat(clientWith(null, "audit-log-viewer").send("POST", "/api/v1/imports", "username\n", "text/csv").status())
                .isEqualTo(403);
    }
}
