package io.roster.app.access;

import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import io.roster.events.WellKnownIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
    /** org-admin plus api_client.write, scoped to "inside": may manage API clients no stronger than itself. */
    private RosterApi clientAdmin;
    private String clientAdminRole;

    @BeforeEach
    void environment() {
        inside = createOrganization("Contained " + System.nanoTime(), null);
        outside = createOrganization("Elsewhere " + System.nanoTime(), null);
        ccaUsername = uniqueUsername("cca");
        ccaPerson = createUser(ccaUsername, inside, "customer-cloud-admin").text("id");
        desktopPerson = createUser(uniqueUsername("desk"), inside).text("id");
        orgAdmin = clientWith(inside, "org-admin");
        userModify = clientWith(inside, "user-modify");
        clientAdminRole = api.post("/api/v1/roles", Map.of("name", "Org admin with clients " + System.nanoTime(),
                "basedOn", "org-admin", "addPermissions", List.of("api_client.read", "api_client.write"))).text("id");
        clientAdmin = clientWith(inside, clientAdminRole);
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
    void a_scoped_client_admin_cannot_rotate_delete_or_see_clients_outside_its_scope_or_above_it() {
        String rootAdmin = api.post("/api/v1/api-clients", Map.of("name", "root admin " + System.nanoTime(),
                "roles", List.of("customer-cloud-admin"))).text("id");
        String strongInside = api.post("/api/v1/api-clients", Map.of("name", "strong inside " + System.nanoTime(),
                "organizationId", inside, "roles", List.of("customer-cloud-admin"))).text("id");
        String otherOrg = api.post("/api/v1/api-clients", Map.of("name", "other org " + System.nanoTime(),
                "organizationId", outside, "roles", List.of("org-help-desk"))).text("id");
        String weakInside = api.post("/api/v1/api-clients", Map.of("name", "weak inside " + System.nanoTime(),
                "organizationId", inside, "roles", List.of("org-help-desk"))).text("id");

        Response rotate = clientAdmin.post("/api/v1/api-clients/" + rootAdmin + "/rotate-secret", null);
        assertThat(rotate.status()).as(rotate.toString()).isEqualTo(404);
        assertThat(rotate.raw()).doesNotContain("clientSecret");
        assertThat(clientAdmin.post("/api/v1/api-clients/" + WellKnownIds.BOOTSTRAP_API_CLIENT + "/rotate-secret", null)
                .status()).isEqualTo(404);
        assertThat(clientAdmin.delete("/api/v1/api-clients/" + otherOrg).status()).isEqualTo(404);
        assertThat(clientAdmin.post("/api/v1/api-clients/" + strongInside + "/rotate-secret", null).status())
                .isEqualTo(403);
        assertThat(clientAdmin.delete("/api/v1/api-clients/" + strongInside).status()).isEqualTo(403);
        assertThat(clientAdmin.get("/api/v1/api-clients/" + rootAdmin).status()).isEqualTo(404);
        assertThat(clientAdmin.get("/api/v1/api-clients/" + strongInside).status()).isEqualTo(404);

        String listed = clientAdmin.get("/api/v1/api-clients?limit=500").raw();
        assertThat(listed).contains(weakInside).doesNotContain(rootAdmin).doesNotContain(strongInside)
                .doesNotContain(otherOrg).doesNotContain(WellKnownIds.BOOTSTRAP_API_CLIENT);
        // what it contains it manages
        Response rotated = clientAdmin.post("/api/v1/api-clients/" + weakInside + "/rotate-secret", null);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/api-clients/" + rootAdmin).text("status")).isEqualTo("ACTIVE");
        assertThat(api.get("/api/v1/api-clients/" + otherOrg).text("status")).isEqualTo("ACTIVE");
    }

    @Test
    void a_scoped_client_admin_cannot_create_a_client_stronger_than_itself() {
        Response created = clientAdmin.post("/api/v1/api-clients", Map.of("name", "escalator " + System.nanoTime(),
                "organizationId", inside, "roles", List.of("customer-cloud-admin")));
        assertThat(created.status()).as(created.toString()).isEqualTo(403);
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
    void scim_changes_obey_containment_too() {
        // a caller that reaches SCIM's routes but is scoped to one organization cannot change a root administrator
        String scimRole = api.post("/api/v1/roles", Map.of("name", "Scoped SCIM " + System.nanoTime(),
                "basedOn", "org-admin", "addPermissions", List.of("support_user.toggle_creation"))).text("id");
        RosterApi scoped = clientWith(inside, scimRole);
        String rootAdmin = createUser(uniqueUsername("rootcca"), null, "customer-cloud-admin").text("id");
        Response patched = scoped.send("PATCH", "/scim/v2/Users/" + rootAdmin, Map.of(
                "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                "Operations", List.of(Map.of("op", "replace", "path", "active", "value", false))),
                "application/scim+json");
        assertThat(patched.status()).as(patched.toString()).isIn(403, 404);
        assertThat(api.get("/api/v1/users/" + rootAdmin).text("status")).isEqualTo("ACTIVE");
        Response inScope = scoped.send("PATCH", "/scim/v2/Users/" + ccaPerson, Map.of(
                "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                "Operations", List.of(Map.of("op", "replace", "path", "name.familyName", "value", "Scimmed"))),
                "application/scim+json");
        assertThat(inScope.status()).as(inScope.toString()).isEqualTo(403);
        assertThat(api.get("/api/v1/users/" + ccaPerson).text("lastName")).isEqualTo("User");
    }
}
