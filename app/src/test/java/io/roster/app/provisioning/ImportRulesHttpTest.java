package io.roster.app.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CSV import obeys REST's rules, row by row, with the uploader's rights as they are when the row is carried out:
 * every refusal REST makes for the same change by the same caller, an import makes too.
 */
class ImportRulesHttpTest extends IntegrationTest {

    private static final String HEADER = "username,firstName,lastName,organization,roles,userType,action\r\n";

    private String inside;
    private String outside;
    private RosterApi orgAdmin;

    @BeforeEach
    void environment() {
        inside = createOrganization("Importing " + System.nanoTime(), null);
        outside = createOrganization("Not mine " + System.nanoTime(), null);
        orgAdmin = clientWith(inside, "org-admin");
    }

    private JsonNode run(RosterApi caller, String csv, String query) {
        Response started = caller.send("POST", "/api/v1/imports" + query, csv, "text/csv");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String location = started.header("Location").orElseThrow();
        Eventually.await("import done", Duration.ofSeconds(60), () -> "DONE".equals(caller.get(location).text("state")));
        return caller.get(location).body();
    }

    /**
     * A job as an upload by {@code uploader} leaves it (one row, checked then, waiting to be carried out): what a
     * runner finds when the world has changed between upload and execution.
     */
    private String uploaded(String uploader, String mode, String username, String firstName, String lastName,
                            String action) {
        String job = UUID.randomUUID().toString();
        jdbc.sql("""
                        INSERT INTO import_job (id, mode, state, total, actor_id, actor_type, request_id)
                        VALUES (?, ?, 'RUNNING', 1, ?, 'API_CLIENT', ?)""")
                .params(job, mode, uploader, UUID.randomUUID().toString()).update();
        jdbc.sql("""
                        INSERT INTO import_row (job_id, row_number, username, fields, status)
                        VALUES (?, 1, ?, CAST(? AS jsonb), 'PENDING')""")
                .params(job, username, "{\"username\":\"" + username + "\",\"firstName\":\"" + firstName
                        + "\",\"lastName\":\"" + lastName + "\",\"organizationId\":\"" + inside
                        + "\",\"roles\":null,\"userType\":\"USER\",\"action\":\"" + action + "\"}")
                .update();
        return job;
    }

    private static JsonNode row(JsonNode report, int number) {
        for (JsonNode row : report.path("rows")) {
            if (row.path("row").asInt() == number) {
                return row;
            }
        }
        throw new AssertionError("no row " + number + " in " + report);
    }

    @Test
    void a_row_without_an_organization_is_a_user_in_the_root_organization_and_needs_its_scope() {
        String username = uniqueUsername("rootless");
        JsonNode report = run(orgAdmin, HEADER + username + ",Root,Less,,,,\r\n", "");
        assertThat(row(report, 1).path("outcome").asText()).isEqualTo("FAILED");
        assertThat(row(report, 1).path("reason").asText()).contains("root organization");
        assertThat(api.get("/api/v1/users?q=" + username).body().path("items")).isEmpty();
    }

    @Test
    void taking_roles_away_needs_the_right_to_grant_them() {
        String username = uniqueUsername("manager");
        String manager = createUser(username, inside, "desktop-user", "org-manager").text("id");
        JsonNode report = run(orgAdmin, HEADER + username + ",Test,User," + inside + ",desktop-user,,\r\n", "?mode=upsert");
        assertThat(row(report, 1).path("outcome").asText()).isEqualTo("FAILED");
        assertThat(row(report, 1).path("reason").asText()).contains("Customer Cloud Admin");
        assertThat(api.get("/api/v1/users/" + manager).body().path("roles").toString()).contains("org-manager");
    }

    @Test
    void deactivating_by_import_needs_what_deactivating_by_rest_needs() {
        String role = api.post("/api/v1/roles", Map.of("name", "Adds but never removes " + System.nanoTime(),
                "basedOn", "org-admin", "removePermissions", List.of("user.delete", "user.all"))).text("id");
        RosterApi creator = clientWith(inside, role);
        String username = uniqueUsername("staying");
        String target = createUser(username, inside).text("id");
        assertThat(creator.post("/api/v1/users/" + target + "/deactivate", null).status()).isEqualTo(403);
        JsonNode report = run(creator, "username\r\n" + username + "\r\n", "?action=deactivate");
        assertThat(row(report, 1).path("outcome").asText()).isEqualTo("FAILED");
        assertThat(api.get("/api/v1/users/" + target).text("status")).isEqualTo("ACTIVE");
    }

    @Test
    void a_user_outside_the_callers_organizations_reads_as_no_user_without_naming_their_organization() {
        String username = uniqueUsername("elsewhere");
        createUser(username, outside);
        Response dryRun = orgAdmin.send("POST", "/api/v1/imports?dryRun=true&mode=upsert",
                HEADER + username + ",New,Name,,,,\r\n", "text/csv");
        assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
        assertThat(dryRun.raw()).contains("no user " + username).doesNotContain(outside);
    }

    @Test
    void each_row_is_checked_again_with_the_uploaders_rights_when_it_is_carried_out() {
        // a job uploaded while the user sat in the uploader's organization; meanwhile the user moved away
        String username = uniqueUsername("moved.away");
        String moved = createUser(username, outside).text("id");
        String uploader = orgAdmin.get("/api/v1/me").text("id");
        String job = uploaded(uploader, "upsert", username, "Taken", "Over", "UPSERT");
        Eventually.await("the row is carried out", Duration.ofSeconds(30), () -> !"PENDING".equals(jdbc.sql(
                "SELECT status FROM import_row WHERE job_id = ?").param(job).query(String.class).single())
                && !"CLAIMED".equals(jdbc.sql("SELECT status FROM import_row WHERE job_id = ?").param(job)
                .query(String.class).single()));
        assertThat(jdbc.sql("SELECT status FROM import_row WHERE job_id = ?").param(job).query(String.class).single())
                .isEqualTo("FAILED");
        Response user = api.get("/api/v1/users/" + moved);
        assertThat(user.text("organizationId")).isEqualTo(outside);
        assertThat(user.text("firstName")).isEqualTo("Test");
    }

    @Test
    void an_uploader_who_can_no_longer_act_changes_nothing() {
        String username = uniqueUsername("after.leaving");
        String uploaderRole = api.post("/api/v1/roles", Map.of("name", "Leaving admin " + System.nanoTime(),
                "basedOn", "org-admin")).text("id");
        RosterApi leaving = clientWith(inside, uploaderRole);
        String uploader = leaving.get("/api/v1/me").text("id");
        assertThat(api.delete("/api/v1/api-clients/" + uploader).status()).isEqualTo(204);
        String job = uploaded(uploader, "create", username, "A", "B", "CREATE");
        Eventually.await("the row is refused", Duration.ofSeconds(30), () -> "FAILED".equals(jdbc.sql(
                "SELECT status FROM import_row WHERE job_id = ?").param(job).query(String.class).single()));
        assertThat(jdbc.sql("SELECT reason FROM import_row WHERE job_id = ?").param(job).query(String.class).single())
                .contains("can no longer act");
        assertThat(api.get("/api/v1/users?q=" + username).body().path("items")).isEmpty();
    }
}
