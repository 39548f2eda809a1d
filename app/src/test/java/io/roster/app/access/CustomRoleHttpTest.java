package io.roster.app.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Custom roles (seed 004): duplicate a role, add or remove permissions, use it like a built-in one. */
class CustomRoleHttpTest extends IntegrationTest {

    @Test
    void seed_004_read_only_help_desk_views_users_but_changes_nothing() {
        Response created = api.post("/api/v1/roles", Map.of("name", "Read-only help desk " + System.nanoTime(),
                "basedOn", "org-help-desk", "removePermissions", List.of("pushrestore.limited", "select.all",
                        "select.personal")));
        assertThat(created.status()).isEqualTo(201);
        String roleId = created.text("id");
        assertThat(created.text("basedOn")).isEqualTo("org-help-desk");
        assertThat(created.text("scope")).isEqualTo("ORGANIZATION_AND_CHILDREN");
        assertThat(created.body().path("builtIn").asBoolean()).isFalse();
        assertThat(texts(created.body().path("permissions"))).contains("user.read", "org.read")
                .doesNotContain("pushrestore.limited", "select.all", "select.personal");

        String organization = createOrganization("Help desk land", null);
        String someone = createUser(uniqueUsername("helped"), organization).text("id");
        RosterApi helpDesk = clientWith(organization, roleId);
        assertThat(helpDesk.get("/api/v1/users/" + someone).status()).isEqualTo(200);
        assertThat(helpDesk.get("/api/v1/users?limit=5").status()).isEqualTo(200);
        assertThat(helpDesk.patch("/api/v1/users/" + someone, Map.of("lastName", "Changed")).status()).isEqualTo(403);
        assertThat(helpDesk.post("/api/v1/users/" + someone + "/deactivate", null).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/roles").raw()).contains(roleId);
        assertThat(api.get("/api/v1/roles/" + roleId).text("name")).startsWith("Read-only help desk");
    }

    @Test
    void seed_004_backup_user_keeps_backups_but_loses_console_restore() {
        Response created = api.post("/api/v1/roles", Map.of("name", "Backup user without restore " + System.nanoTime(),
                "basedOn", "desktop-user", "removePermissions", List.of("restore.personal")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(texts(created.body().path("permissions"))).doesNotContain("restore.personal").isNotEmpty();
        assertThat(created.text("scope")).isEqualTo("ASSIGNED_USER");
        RosterApi backupUser = clientWith(null, created.text("id"));
        JsonNode permissions = backupUser.get("/api/v1/me").body().path("permissions");
        assertThat(permissions.toString()).doesNotContain("restore.personal");
        assertThat(backupUser.get("/api/v1/users?limit=1").status()).isEqualTo(403);
    }

    @Test
    void changing_a_custom_role_changes_what_its_holders_may_do_on_their_next_request() {
        String organization = createOrganization("Evolving", null);
        String roleId = api.post("/api/v1/roles", Map.of("name", "Evolving viewer " + System.nanoTime(),
                "basedOn", "org-manager")).text("id");
        RosterApi holder = clientWith(organization, roleId);
        assertThat(holder.get("/api/v1/users?limit=1").status()).isEqualTo(200);

        Response narrowed = api.patch("/api/v1/roles/" + roleId, Map.of("removePermissions", List.of("user.read")),
                "If-Match", "\"1\"");
        assertThat(narrowed.status()).isEqualTo(200);
        assertThat(narrowed.header("ETag")).contains("\"2\"");
        assertThat(holder.get("/api/v1/users?limit=1").status()).isEqualTo(403);

        api.patch("/api/v1/roles/" + roleId, Map.of("addPermissions", List.of("user.read", "user.update")));
        assertThat(holder.get("/api/v1/users?limit=1").status()).isEqualTo(200);
        assertThat(api.patch("/api/v1/roles/" + roleId, Map.of("name", "x"), "If-Match", "\"1\"").status()).isEqualTo(412);
    }

    @Test
    void custom_roles_are_refused_clearly_and_cannot_be_deleted_while_assigned() {
        assertThat(api.post("/api/v1/roles", Map.of("name", "Desktop user", "basedOn", "desktop-user")).status())
                .isEqualTo(409);
        Response unknownPermission = api.post("/api/v1/roles", Map.of("name", "Bad " + System.nanoTime(),
                "basedOn", "desktop-user", "addPermissions", List.of("launch.missiles")));
        assertThat(unknownPermission.status()).isEqualTo(422);
        assertThat(unknownPermission.text("field")).isEqualTo("addPermissions");
        assertThat(api.post("/api/v1/roles", Map.of("name", "Orphan", "basedOn", "no-such-role")).status()).isEqualTo(422);
        assertThat(api.patch("/api/v1/roles/desktop-user", Map.of("name", "Mine")).text("type"))
                .isEqualTo("/problems/built-in-role");
        assertThat(api.delete("/api/v1/roles/customer-cloud-admin").status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/roles/custom-nope").status()).isEqualTo(404);

        String name = "Temporary " + System.nanoTime();
        String roleId = api.post("/api/v1/roles", Map.of("name", name, "basedOn", "org-manager")).text("id");
        assertThat(api.post("/api/v1/roles", Map.of("name", name.toUpperCase(), "basedOn", "org-manager")).status())
                .isEqualTo(409);
        String user = createUser(uniqueUsername("holder"), null).text("id");
        assertThat(api.put("/api/v1/users/" + user + "/roles/" + roleId).status()).isEqualTo(200);
        Response inUse = api.delete("/api/v1/roles/" + roleId);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.text("type")).isEqualTo("/problems/role-in-use");
        api.delete("/api/v1/users/" + user + "/roles/" + roleId);
        assertThat(api.delete("/api/v1/roles/" + roleId).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/roles/" + roleId).status()).isEqualTo(404);
        assertThat(api.put("/api/v1/users/" + user + "/roles/" + roleId).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/roles", Map.of("name", name, "basedOn", "org-manager")).status()).isEqualTo(201);
    }

    @Test
    void only_customer_cloud_admins_manage_custom_roles() {
        RosterApi orgAdmin = clientWith(null, "org-admin");
        assertThat(orgAdmin.post("/api/v1/roles", Map.of("name", "Sneaky " + System.nanoTime(), "basedOn", "org-admin"))
                .status()).isEqualTo(403);
        assertThat(anonymous.post("/api/v1/roles", Map.of("name", "x", "basedOn", "org-admin")).status()).isEqualTo(401);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
