package io.roster.app.access;

import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi;
import io.roster.events.WellKnownIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.roster.events.OrganizationIds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Endpoint x caller -> status, in scope and out of scope. Callers are API clients holding one role each (an
 * organization-scoped admin sits in organization "inside"; "outside" is a sibling it must not see).
 */
class AuthorizationMatrixTest extends IntegrationTest {

    private String inside;
    private String insideChild;
    private String outside;
    private String userInside;
    private String userOutside;
    private Map<String, RosterApi> callers;

    @BeforeEach
    void environment() {
        inside = createOrganization("Inside", null);
        insideChild = createOrganization("Inside child", inside);
        outside = createOrganization("Outside", null);
        userInside = createUser(uniqueUsername("in"), insideChild).text("id");
        userOutside = createUser(uniqueUsername("out"), outside).text("id");
        callers = new LinkedHashMap<>();
        callers.put("cca", clientWith(null, "customer-cloud-admin"));
        callers.put("orgAdmin", clientWith(inside, "org-admin"));
        callers.put("userModify", clientWith(inside, "user-modify"));
        callers.put("desktop", clientWith(inside, "desktop-user"));
        callers.put("auditViewer", clientWith(null, "audit-log-viewer"));
        String helpDesk = api.post("/api/v1/roles", Map.of("name", "Matrix help desk " + System.nanoTime(),
                "basedOn", "org-help-desk", "removePermissions", List.of("pushrestore.limited"))).text("id");
        callers.put("customRole", clientWith(inside, helpDesk));
        callers.put("noRole", clientWith(inside));
        callers.put("noToken", anonymous);
    }

    private record Case(String what, Function<RosterApi, RosterApi.Response> call, Map<String, Integer> expected) {
    }

    /** Statuses for: Customer Cloud Admin, Org Admin (inside), User Modify (inside), Desktop User, Audit Log Viewer,
     *  a custom read-only help desk role (inside), no role; no token is always 401. */
    private static Map<String, Integer> expect(int cca, int orgAdmin, int userModify, int desktop, int auditViewer,
                                               int customRole, int noRole) {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("cca", cca);
        expected.put("orgAdmin", orgAdmin);
        expected.put("userModify", userModify);
        expected.put("desktop", desktop);
        expected.put("auditViewer", auditViewer);
        expected.put("customRole", customRole);
        expected.put("noRole", noRole);
        expected.put("noToken", 401);
        return expected;
    }

    @Test
    void every_caller_gets_exactly_what_its_roles_and_scope_allow() {
        List<Case> cases = List.of(
                new Case("move user in scope", c -> c.post("/api/v1/users/" + userInside + "/move",
                        Map.of("organizationId", inside)), expect(200, 200, 403, 403, 403, 403, 403)),
                new Case("password reset in scope", c -> c.post("/api/v1/users/" + userInside + "/password-reset", null),
                        expect(202, 202, 403, 403, 403, 403, 403)),
                new Case("delete active user (refused by the lifecycle, not by access)", c -> c.delete("/api/v1/users/" + userInside),
                        expect(409, 409, 403, 403, 403, 403, 403)),
                new Case("read organization in scope", c -> c.get("/api/v1/organizations/" + insideChild),
                        expect(200, 200, 403, 403, 403, 200, 403)),
                new Case("rename organization in scope", c -> c.patch("/api/v1/organizations/" + insideChild, Map.of("name", "Renamed")),
                        expect(200, 200, 403, 403, 403, 403, 403)),
                new Case("rename organization out of scope", c -> c.patch("/api/v1/organizations/" + outside, Map.of("name", "R")),
                        expect(200, 404, 403, 403, 403, 403, 403)),
                new Case("read an API client", c -> c.get("/api/v1/api-clients/" + WellKnownIds.BOOTSTRAP_API_CLIENT),
                        expect(200, 403, 403, 403, 403, 403, 403)),
                new Case("create a custom role", c -> c.post("/api/v1/roles", Map.of("name", "M " + System.nanoTime(),
                        "basedOn", "desktop-user")), expect(201, 403, 403, 403, 403, 403, 403)),
                new Case("permissions", c -> c.get("/api/v1/permissions"), expect(200, 200, 200, 200, 200, 200, 200)),
                new Case("list users", c -> c.get("/api/v1/users?limit=1"), expect(200, 200, 200, 403, 403, 200, 403)),
                new Case("read user in scope", c -> c.get("/api/v1/users/" + userInside), expect(200, 200, 200, 403, 403, 200, 403)),
                new Case("read user out of scope", c -> c.get("/api/v1/users/" + userOutside), expect(200, 404, 404, 403, 403, 404, 403)),
                new Case("history in scope", c -> c.get("/api/v1/users/" + userInside + "/history"), expect(200, 200, 200, 403, 403, 200, 403)),
                new Case("create user in scope", c -> c.post("/api/v1/users", Map.of("username", uniqueUsername("m"),
                        "firstName", "M", "lastName", "X", "organizationId", insideChild)), expect(201, 201, 403, 403, 403, 403, 403)),
                new Case("create user out of scope", c -> c.post("/api/v1/users", Map.of("username", uniqueUsername("m"),
                        "firstName", "M", "lastName", "X", "organizationId", outside)), expect(201, 422, 403, 403, 403, 403, 403)),
                // User Modify holds no restore permissions: it must not rename a Desktop User (and reset their password)
                new Case("update user in scope", c -> c.patch("/api/v1/users/" + userInside, Map.of("lastName", "Patched")),
                        expect(200, 200, 403, 403, 403, 403, 403)),
                new Case("update user out of scope", c -> c.patch("/api/v1/users/" + userOutside, Map.of("lastName", "P")),
                        expect(200, 404, 404, 403, 403, 403, 403)),
                new Case("assign role (Customer Cloud Admin only)", c -> c.put("/api/v1/users/" + userInside + "/roles/org-manager"),
                        expect(200, 403, 403, 403, 403, 403, 403)),
                new Case("grant System Admin (System Admin only)", c -> c.put("/api/v1/users/" + userInside + "/roles/sysadmin"),
                        expect(403, 403, 403, 403, 403, 403, 403)),
                new Case("list organizations", c -> c.get("/api/v1/organizations?limit=1"), expect(200, 200, 403, 403, 403, 200, 403)),
                new Case("read organization out of scope", c -> c.get("/api/v1/organizations/" + outside), expect(200, 404, 403, 403, 403, 404, 403)),
                new Case("create organization in scope", c -> c.post("/api/v1/organizations", Map.of("name", "Sub", "parentId", inside)),
                        expect(201, 201, 403, 403, 403, 403, 403)),
                new Case("create organization at the root", c -> c.post("/api/v1/organizations", Map.of("name", "Top")),
                        expect(201, 422, 403, 403, 403, 403, 403)),
                new Case("list API clients", c -> c.get("/api/v1/api-clients?limit=1"), expect(200, 403, 403, 403, 403, 403, 403)),
                new Case("create API client", c -> c.post("/api/v1/api-clients", Map.of("name", "x")), expect(201, 403, 403, 403, 403, 403, 403)),
                new Case("me", c -> c.get("/api/v1/me"), expect(200, 200, 200, 200, 200, 200, 200)),
                new Case("role catalogue", c -> c.get("/api/v1/roles/desktop-user"), expect(200, 200, 200, 200, 200, 200, 200)));

        List<String> mismatches = new ArrayList<>();
        for (Case testCase : cases) {
            testCase.expected().forEach((caller, status) -> {
                RosterApi.Response response = testCase.call().apply(callers.get(caller));
                if (response.status() != status) {
                    mismatches.add(testCase.what() + " as " + caller + ": expected " + status + ", got " + response);
                } else if (status >= 400) {
                    assertThat(response.contentType()).as(testCase.what() + " as " + caller)
                            .startsWith("application/problem+json");
                }
            });
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void deactivation_needs_the_add_deactivate_permission_within_scope() {
        String target = createUser(uniqueUsername("deact"), insideChild).text("id");
        assertThat(callers.get("userModify").post("/api/v1/users/" + target + "/deactivate", null).status()).isEqualTo(403);
        assertThat(callers.get("orgAdmin").post("/api/v1/users/" + userOutside + "/deactivate", null).status()).isEqualTo(404);
        assertThat(callers.get("orgAdmin").post("/api/v1/users/" + target + "/deactivate", null).status()).isEqualTo(200);
        assertThat(callers.get("orgAdmin").post("/api/v1/users/" + target + "/reactivate", null).status()).isEqualTo(200);
    }

    @Test
    void an_organization_scoped_list_shows_only_the_callers_subtree() {
        String list = callers.get("orgAdmin").get("/api/v1/users?limit=500").raw();
        assertThat(list).contains(userInside).doesNotContain(userOutside);
        assertThat(callers.get("orgAdmin").get("/api/v1/users?organizationId=" + outside).body().path("items")).isEmpty();
        String organizations = callers.get("orgAdmin").get("/api/v1/organizations?limit=500").raw();
        assertThat(organizations).contains(inside).contains(insideChild).doesNotContain(outside);
    }

    /**
     * Every route that changes a principal, aimed by an organization-scoped admin at a principal in its own scope that
     * holds more than it does (a Customer Cloud Admin): refused with 403, nothing changed.
     */
    @Test
    void every_route_that_changes_a_principal_refuses_a_target_that_holds_more_than_the_caller() {
        String stronger = createUser(uniqueUsername("strong"), insideChild, "customer-cloud-admin").text("id");
        String strongerDeactivated = createUser(uniqueUsername("strongoff"), insideChild, "customer-cloud-admin").text("id");
        assertThat(api.post("/api/v1/users/" + strongerDeactivated + "/deactivate", null).status()).isEqualTo(200);
        // a System Admin client, as only Roster itself (bootstrap) can make one here: no Customer Cloud Admin contains it
        String strongClient = systemMadeApiClient(OrganizationIds.ROOT, "sysadmin");
        RosterApi orgAdmin = callers.get("orgAdmin");
        String user = "/api/v1/users/" + stronger;
        String client = "/api/v1/api-clients/" + strongClient;
        Map<String, Function<RosterApi, RosterApi.Response>> routes = new LinkedHashMap<>();
        routes.put("PATCH username", c -> c.patch(user, Map.of("username", uniqueUsername("taken"))));
        routes.put("PATCH names", c -> c.patch(user, Map.of("firstName", "Taken")));
        routes.put("invitation", c -> c.post(user + "/invitation", null));
        routes.put("password reset", c -> c.post(user + "/password-reset", null));
        routes.put("deactivate", c -> c.post(user + "/deactivate", null));
        routes.put("reactivate", c -> c.post("/api/v1/users/" + strongerDeactivated + "/reactivate", null));
        routes.put("delete", c -> c.delete("/api/v1/users/" + strongerDeactivated));
        routes.put("move", c -> c.post(user + "/move", Map.of("organizationId", inside)));
        routes.put("role assign", c -> c.put(user + "/roles/org-manager"));
        routes.put("role revoke", c -> c.delete(user + "/roles/customer-cloud-admin"));
        Map<String, Function<RosterApi, RosterApi.Response>> clientRoutes = new LinkedHashMap<>();
        clientRoutes.put("client role assign", c -> c.put(client + "/roles/org-manager"));
        clientRoutes.put("client role revoke", c -> c.delete(client + "/roles/sysadmin"));
        clientRoutes.put("client rotate secret", c -> c.post(client + "/rotate-secret", null));
        clientRoutes.put("client delete", c -> c.delete(client));
        List<String> mismatches = new ArrayList<>();
        java.util.function.BiConsumer<RosterApi, Map<String, Function<RosterApi, RosterApi.Response>>> attack =
                (caller, attempts) -> attempts.forEach((what, call) -> {
            RosterApi.Response response = call.apply(caller);
            if (response.status() != 403 || !response.contentType().startsWith("application/problem+json")) {
                mismatches.add(what + ": " + response);
            }
        });
        attack.accept(orgAdmin, routes);
        attack.accept(api, clientRoutes);
        assertThat(api.get(client).status()).as("reading a stronger client").isEqualTo(404);
        assertThat(mismatches).isEmpty();
        assertThat(api.get(user).body().path("roles").toString()).contains("customer-cloud-admin");
        assertThat(api.get(user).text("status")).isEqualTo("ACTIVE");
        assertThat(api.get("/api/v1/users/" + strongerDeactivated).text("status")).isEqualTo("DEACTIVATED");
        assertThat(jdbc.sql("SELECT active FROM security_principal WHERE principal_id = ?").param(strongClient)
                .query(Boolean.class).single()).isTrue();
    }

    /**
     * Every route whose permissions are environment-wide (webhooks, SCIM, seats and licence, Support Access, allowed
     * domains, processors, API clients, audit log...), called by a custom role scoped to one organization that carries
     * those permissions (as one stored before such roles were refused could): 403 on every one.
     */
    @Test
    void every_environment_wide_route_refuses_an_organization_scoped_role_carrying_its_permission() {
        String role = api.post("/api/v1/roles", Map.of("name", "Stored scoped admin " + System.nanoTime(),
                "basedOn", "org-admin")).text("id");
        List<String> environmentWide = io.roster.app.security.AccessPolicyRoutesBridge.environmentWide();
        String permissions = RoleCatalogueView.environmentWidePermissions();
        jdbc.sql("UPDATE custom_role SET permissions = permissions || string_to_array(?, ',') WHERE role_id = ?")
                .params(permissions, role).update();
        RosterApi scoped = clientWith(inside, role);
        assertThat(environmentWide).contains("PUT /api/v1/support-access", "GET /api/v1/webhooks", "GET /scim/v2/Users",
                "PUT /api/v1/settings/allowed-domains", "GET /api/v1/seat-usage/export", "GET /api/v1/admin/processors",
                "POST /api/v1/api-clients/{id}/rotate-secret", "PUT /api/v1/organizations/{id}/seat-limit");
        List<String> reached = new ArrayList<>();
        for (String route : environmentWide) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            RosterApi.Response response = scoped.send(method, path, "{}", "application/json");
            if (response.status() != 403) {
                reached.add(route + ": " + response.status());
            }
        }
        assertThat(reached).isEmpty();
    }

    /** The catalogue's environment-wide permissions, as a comma-separated list. */
    private static final class RoleCatalogueView {
        static String environmentWidePermissions() {
            io.roster.roles.RoleCatalogue catalogue = io.roster.roles.RoleCatalogue.builtIn();
            return String.join(",", catalogue.permissions().stream().map(io.roster.roles.Permission::id)
                    .filter(catalogue::environmentWide).filter(id -> !id.equals("admin")).toList());
        }
    }
}
