package io.roster.app.access;

import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import io.roster.events.WellKnownIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.roster.events.OrganizationIds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No way up: a caller changes a principal only if the principal is in its scope and holds nothing the caller does not
 * (each permission as far as its scope reaches), by every path — REST, SCIM, CSV import. Each attack here succeeded
 * before containment existed.
 */
class PrivilegeContainmentHttpTest extends IntegrationTest {

    private String inside;
    private String outside;
    /** A Customer Cloud Admin person sitting in the organization-scoped admins' own organization. */
    private String ccaPerson;
    private String ccaUsername;
    private String desktopPerson;
    private RosterApi orgAdmin;
    private RosterApi userModify;

    @BeforeEach
    void environment() {
        inside = createOrganization("Contained " + System.nanoTime(), null);
        outside = createOrganization("Elsewhere " + System.nanoTime(), null);
        ccaUsername = uniqueUsername("cca");
        ccaPerson = createUser(ccaUsername, inside, "customer-cloud-admin").text("id");
        desktopPerson = createUser(uniqueUsername("desk"), inside).text("id");
        orgAdmin = clientWith(inside, "org-admin");
        userModify = clientWith(inside, "user-modify");
    }

    /** A System Admin API client, made by Roster itself (as at bootstrap): only a System Admin contains it. */
    private String systemAdminClient() {
        return systemMadeApiClient(OrganizationIds.ROOT, "sysadmin");
    }

    @Test
    void an_organization_admin_cannot_touch_a_customer_cloud_admin_in_its_own_organization() {
        String target = "/api/v1/users/" + ccaPerson;
        Map<String, Function<RosterApi, Response>> attacks = new LinkedHashMap<>();
        attacks.put("take over the username", c -> c.patch(target, Map.of("username", uniqueUsername("mine"))));
        attacks.put("rename", c -> c.patch(target, Map.of("lastName", "Renamed")));
        attacks.put("password reset", c -> c.post(target + "/password-reset", null));
        attacks.put("invitation", c -> c.post(target + "/invitation", null));
        attacks.put("deactivate", c -> c.post(target + "/deactivate", null));
        attacks.put("move", c -> c.post(target + "/move", Map.of("organizationId", inside)));
        List<String> allowed = new ArrayList<>();
        attacks.forEach((what, attack) -> {
            Response response = attack.apply(orgAdmin);
            if (response.status() != 403 || !response.raw().contains("principal-exceeds-caller")) {
                allowed.add(what + ": " + response);
            }
        });
        assertThat(allowed).isEmpty();
        Response person = api.get(target);
        assertThat(person.text("username")).isEqualTo(ccaUsername);
        assertThat(person.text("lastName")).isEqualTo("User");
        assertThat(person.text("status")).isEqualTo("ACTIVE");
        // the same admin still manages those it contains
        assertThat(orgAdmin.patch("/api/v1/users/" + desktopPerson, Map.of("lastName", "Fine")).status()).isEqualTo(200);
    }

    @Test
    void a_user_modify_caller_changes_only_principals_that_can_do_no_more_than_it() {
        String admin = createUser(uniqueUsername("oa"), inside, "org-admin").text("id");
        Response refused = userModify.patch("/api/v1/users/" + admin, Map.of("username", uniqueUsername("taken")));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.text("detail")).contains("user.delete").contains("org.create");
        // a desktop user can restore their own backups: renaming them and resetting their password would take that
        String desktop = userModify.patch("/api/v1/users/" + desktopPerson, Map.of("username", uniqueUsername("t"))).raw();
        assertThat(desktop).contains("principal-exceeds-caller").contains("restore.personal");
        String peer = createUser(uniqueUsername("peer"), inside, "user-modify").text("id");
        assertThat(userModify.patch("/api/v1/users/" + peer, Map.of("firstName", "Ok")).status()).isEqualTo(200);
    }

    @Test
    void deleting_a_stronger_user_is_refused_before_the_lifecycle_is_asked() {
        String target = createUser(uniqueUsername("gone"), inside, "customer-cloud-admin").text("id");
        assertThat(api.post("/api/v1/users/" + target + "/deactivate", null).status()).isEqualTo(200);
        assertThat(orgAdmin.post("/api/v1/users/" + target + "/reactivate", null).status()).isEqualTo(403);
        assertThat(orgAdmin.delete("/api/v1/users/" + target).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/users/" + target).text("status")).isEqualTo("DEACTIVATED");
    }

    @Test
    void a_customer_cloud_admin_cannot_rotate_delete_regrant_or_see_a_system_admin_client() {
        String sysadmin = systemAdminClient();
        String client = "/api/v1/api-clients/" + sysadmin;
        Response rotate = api.post(client + "/rotate-secret", null);
        assertThat(rotate.status()).as(rotate.toString()).isEqualTo(403);
        assertThat(rotate.raw()).contains("principal-exceeds-caller").doesNotContain("clientSecret");
        assertThat(api.delete(client).status()).isEqualTo(403);
        assertThat(api.put(client + "/roles/org-manager").status()).isEqualTo(403);
        assertThat(api.get(client).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/api-clients?limit=500").raw()).doesNotContain(sysadmin);
        assertThat(jdbc.sql("SELECT active FROM security_principal WHERE principal_id = ?").param(sysadmin)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void a_custom_role_stored_narrowly_with_environment_wide_permissions_reaches_no_api_client() {
        // custom roles scoped to an organization can no longer carry them; one stored before that rule grants nothing
        String role = api.post("/api/v1/roles", Map.of("name", "Legacy client admin " + System.nanoTime(),
                "basedOn", "org-admin")).text("id");
        jdbc.sql("UPDATE custom_role SET permissions = permissions || ARRAY['api_client.read', 'api_client.write', "
                + "'support_user.toggle_creation'] WHERE role_id = ?").param(role).update();
        RosterApi legacy = clientWith(inside, role);
        assertThat(legacy.get("/api/v1/api-clients").status()).isEqualTo(403);
        assertThat(legacy.post("/api/v1/api-clients/" + WellKnownIds.BOOTSTRAP_API_CLIENT + "/rotate-secret", null)
                .status()).isEqualTo(403);
        assertThat(legacy.delete("/api/v1/api-clients/" + WellKnownIds.BOOTSTRAP_API_CLIENT).status()).isEqualTo(403);
        assertThat(legacy.post("/api/v1/api-clients", Map.of("name", "planted")).status()).isEqualTo(403);
        assertThat(legacy.get("/api/v1/webhooks").status()).isEqualTo(403);
        assertThat(legacy.get("/scim/v2/Users").status()).isEqualTo(403);
        assertThat(legacy.send("PUT", "/api/v1/support-access", Map.of("enabled", true), "application/json").status())
                .isEqualTo(403);
    }

    @Test
    void a_custom_role_scoped_to_an_organization_cannot_add_environment_wide_permissions() {
        Response refused = api.post("/api/v1/roles", Map.of("name", "Scoped escalator " + System.nanoTime(),
                "basedOn", "org-admin", "addPermissions", List.of("api_client.write", "support_user.toggle_creation",
                        "computer.read")));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.text("field")).isEqualTo("addPermissions");
        assertThat(refused.text("detail")).contains("api_client.write").contains("support_user.toggle_creation")
                .doesNotContain("computer.read");
        String role = api.post("/api/v1/roles", Map.of("name", "Scoped " + System.nanoTime(), "basedOn", "org-manager"))
                .text("id");
        Response edit = api.patch("/api/v1/roles/" + role, Map.of("addPermissions", List.of("auditlog.read")));
        assertThat(edit.status()).as(edit.toString()).isEqualTo(422);
        Map<String, Boolean> environmentWide = new java.util.HashMap<>();
        api.get("/api/v1/permissions").body().path("items").forEach(permission ->
                environmentWide.put(permission.path("id").asText(), permission.path("environmentWide").asBoolean()));
        assertThat(environmentWide).containsEntry("support_user.toggle_creation", true)
                .containsEntry("api_client.write", true).containsEntry("auditlog.read", true)
                .containsEntry("user.update", false).containsEntry("computer.read", false);
    }

    @Test
    void a_customer_cloud_admin_cannot_grant_a_role_with_permissions_it_lacks() {
        String person = createUser(uniqueUsername("analyst"), inside).text("id");
        Response granted = api.put("/api/v1/users/" + person + "/roles/insider-risk-analyst");
        assertThat(granted.status()).as(granted.toString()).isEqualTo(403);
        assertThat(granted.text("detail")).contains("messageservices.configuration.read");
        assertThat(api.put("/api/v1/users/" + person + "/roles/org-manager").status()).isEqualTo(200);
    }

    @Test
    void an_import_cannot_change_a_stronger_user_either() {
        String csv = "username,firstName,lastName,organization\r\n" + ccaUsername + ",Taken,Over," + inside + "\r\n";
        Response run = orgAdmin.send("POST", "/api/v1/imports?mode=upsert", csv, "text/csv");
        assertThat(run.status()).as(run.toString()).isIn(202, 200, 422, 403);
        if (run.status() == 202) {
            String job = run.text("id");
            io.roster.app.Eventually.await("import done", java.time.Duration.ofSeconds(20),
                    () -> "DONE".equals(orgAdmin.get("/api/v1/imports/" + job).text("state")));
            assertThat(orgAdmin.get("/api/v1/imports/" + job).raw()).contains("FAILED");
        }
        assertThat(api.get("/api/v1/users/" + ccaPerson).text("lastName")).isEqualTo("User");
    }

    @Test
    void an_import_job_is_readable_by_its_uploader_and_environment_wide_admins_only() {
        String csv = "username,firstName,lastName,organization\r\n" + uniqueUsername("imp") + ",I,P," + inside + "\r\n";
        Response run = api.send("POST", "/api/v1/imports", csv, "text/csv");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        String job = run.text("id");
        assertThat(api.get("/api/v1/imports/" + job).status()).isEqualTo(200);
        assertThat(orgAdmin.get("/api/v1/imports/" + job).status()).isEqualTo(404);
        assertThat(orgAdmin.get("/api/v1/imports/" + job + "/errors.csv").status()).isEqualTo(404);
        Response own = orgAdmin.send("POST", "/api/v1/imports", "username,firstName,lastName,organization\r\n"
                + uniqueUsername("own") + ",O,W," + inside + "\r\n", "text/csv");
        assertThat(own.status()).as(own.toString()).isEqualTo(202);
        assertThat(orgAdmin.get("/api/v1/imports/" + own.text("id")).status()).isEqualTo(200);
    }

    @Test
    void a_deleted_users_history_stays_within_the_scope_of_the_organization_they_left() {
        String elsewhere = createUser(uniqueUsername("left"), outside).text("id");
        String here = createUser(uniqueUsername("stayed"), inside).text("id");
        for (String user : List.of(elsewhere, here)) {
            assertThat(api.post("/api/v1/users/" + user + "/deactivate", null).status()).isEqualTo(200);
            assertThat(api.delete("/api/v1/users/" + user).status()).isEqualTo(204);
        }
        assertThat(orgAdmin.get("/api/v1/users/" + elsewhere + "/history").status()).isEqualTo(404);
        assertThat(orgAdmin.get("/api/v1/users/" + here + "/history").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/users/" + elsewhere + "/history").status()).isEqualTo(200);
        assertThat(orgAdmin.get("/api/v1/users/never-existed-" + System.nanoTime() + "/history").status())
                .isEqualTo(404);
    }

    @Test
    void scim_and_rest_changes_of_a_system_admin_person_are_refused_to_a_customer_cloud_admin() {
        String id = systemMadeUser(uniqueUsername("sys"), inside, "sysadmin");
        Response patched = api.send("PATCH", "/scim/v2/Users/" + id, Map.of(
                "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                "Operations", List.of(Map.of("op", "replace", "path", "active", "value", false))),
                "application/scim+json");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(403);
        assertThat(patched.raw()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(api.patch("/api/v1/users/" + id, Map.of("username", uniqueUsername("taken"))).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/users/" + id + "/password-reset", null).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/users/" + id).text("status")).isEqualTo("ACTIVE");
    }

    @Test
    void nobody_builds_or_edits_a_role_with_powers_they_do_not_hold_everywhere() {
        String role = api.post("/api/v1/roles", Map.of("name", "Self raise " + System.nanoTime(),
                "basedOn", "audit-log-viewer")).text("id");
        Response raised = api.patch("/api/v1/roles/" + role, Map.of("addPermissions",
                List.of("ReceivesAlert.EMAIL", "messageservices.configuration.write")));
        assertThat(raised.status()).as(raised.toString()).isEqualTo(403);
        assertThat(raised.text("field")).isEqualTo("addPermissions");
        assertThat(raised.text("detail")).contains("ReceivesAlert.EMAIL").contains("messageservices.configuration.write");
        assertThat(api.get("/api/v1/roles/" + role).body().path("permissions").toString())
                .doesNotContain("ReceivesAlert.EMAIL");
        assertThat(api.post("/api/v1/roles", Map.of("name", "Copy of security admin " + System.nanoTime(),
                "basedOn", "security-administrator")).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/roles", Map.of("name", "Viewer plus " + System.nanoTime(),
                "basedOn", "audit-log-viewer", "addPermissions", List.of("messageservices.configuration.read")))
                .status()).isEqualTo(403);
    }

    @Test
    void a_role_granted_meanwhile_is_seen_by_the_containment_check_of_a_racing_change() throws Exception {
        String target = createUser(uniqueUsername("raced"), inside).text("id");
        String orgAdminId = orgAdmin.get("/api/v1/me").text("id");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> renames = pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    orgAdmin.patch("/api/v1/users/" + target, Map.of("lastName", "Renamed " + i));
                }
            });
            java.util.concurrent.Future<?> grants = pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    api.put("/api/v1/users/" + target + "/roles/customer-cloud-admin");
                    api.delete("/api/v1/users/" + target + "/roles/customer-cloud-admin");
                }
            });
            renames.get(60, java.util.concurrent.TimeUnit.SECONDS);
            grants.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        boolean administrator = false;
        List<Long> changedWhileAdministrator = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode event : api.get("/api/v1/users/" + target + "/history").body()
                .path("items")) {
            String type = event.path("type").asText();
            if (type.equals("RoleAssigned") && event.path("data").path("roleId").asText().equals("customer-cloud-admin")) {
                administrator = true;
            } else if (type.equals("RoleRevoked") && event.path("data").path("roleId").asText()
                    .equals("customer-cloud-admin")) {
                administrator = false;
            } else if (administrator && orgAdminId.equals(event.path("actor").path("id").asText())) {
                changedWhileAdministrator.add(event.path("sequence").asLong());
            }
        }
        assertThat(changedWhileAdministrator).isEmpty();
    }

    @Test
    void an_id_of_another_kind_is_not_found_rather_than_a_server_error() {
        String user = createUser(uniqueUsername("kind"), inside).text("id");
        assertThat(api.patch("/api/v1/users/" + WellKnownIds.BOOTSTRAP_API_CLIENT, Map.of("lastName", "X")).status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/api-clients/" + user + "/rotate-secret", null).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/api-clients/" + user).status()).isEqualTo(404);
        assertThat(api.patch("/api/v1/organizations/" + user, Map.of("name", "X")).status()).isEqualTo(404);
        assertThat(api.patch("/api/v1/roles/" + user, Map.of("name", "X")).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/roles/" + inside).status()).isEqualTo(404);
    }

    @Test
    void a_group_change_refused_for_one_member_changes_no_member() {
        String plain = createUser(uniqueUsername("plain"), inside).text("id");
        String strong = systemMadeUser(uniqueUsername("sysg"), inside, "sysadmin");
        Response patched = api.send("PATCH", "/scim/v2/Groups/org-manager", Map.of(
                "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                "Operations", List.of(Map.of("op", "add", "path", "members",
                        "value", List.of(Map.of("value", plain), Map.of("value", strong))))), "application/scim+json");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(403);
        assertThat(api.get("/api/v1/users/" + plain).body().path("roles").toString()).doesNotContain("org-manager");
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?").param(plain)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void activity_is_reported_only_for_people_the_caller_contains() {
        Response refused = orgAdmin.post("/api/v1/users/" + ccaPerson + "/activity", Map.of("kind", "SIGN_IN",
                "at", java.time.Instant.now().toString()));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(orgAdmin.post("/api/v1/users/" + desktopPerson + "/activity", Map.of("kind", "SIGN_IN",
                "at", java.time.Instant.now().toString())).status()).isEqualTo(204);
    }

    @Test
    void a_moved_users_history_shows_a_scoped_caller_only_what_happened_within_its_scope() {
        String mover = createUser(uniqueUsername("mover"), outside).text("id");
        assertThat(api.patch("/api/v1/users/" + mover, Map.of("lastName", "Elsewhere-era")).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/users/" + mover + "/move", Map.of("organizationId", inside)).status())
                .isEqualTo(200);
        assertThat(api.patch("/api/v1/users/" + mover, Map.of("lastName", "Inside-era")).status()).isEqualTo(200);

        Response scoped = orgAdmin.get("/api/v1/users/" + mover + "/history");
        assertThat(scoped.status()).isEqualTo(200);
        assertThat(scoped.body().path("hiddenOutsideScope").asInt()).isEqualTo(2);
        assertThat(scoped.raw()).contains("UserMovedToOrganization").contains("Inside-era")
                .doesNotContain("Elsewhere-era").doesNotContain("UserCreated");
        Response everything = api.get("/api/v1/users/" + mover + "/history");
        assertThat(everything.body().path("hiddenOutsideScope").asInt()).isZero();
        assertThat(everything.raw()).contains("Elsewhere-era").contains("UserCreated");
    }
}
