package io.roster.app.organization;

import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import io.roster.events.OrganizationIds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OrganizationHttpTest extends IntegrationTest {

    @Test
    void the_root_organization_exists_from_the_first_start() {
        Response root = api.get("/api/v1/organizations/" + OrganizationIds.ROOT);
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.body().path("root").asBoolean()).isTrue();
        assertThat(root.body().path("parentId").isNull()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype LIKE ?")
                .params(OrganizationIds.ROOT, "%.OrganizationCreated").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void organizations_nest_and_show_parent_and_children() {
        Response created = api.post("/api/v1/organizations", Map.of("name", "Engineering"));
        assertThat(created.status()).isEqualTo(201);
        String parent = created.text("id");
        assertThat(created.header("Location")).contains("/api/v1/organizations/" + parent);
        assertThat(created.header("ETag")).contains("\"1\"");
        assertThat(created.text("parentId")).isEqualTo(OrganizationIds.ROOT);

        String child = createOrganization("Platform", parent);
        Response read = api.get("/api/v1/organizations/" + parent);
        assertThat(texts(read, "children")).containsExactly(child);
        assertThat(api.get("/api/v1/organizations/" + child).text("parentId")).isEqualTo(parent);

        Response list = api.get("/api/v1/organizations?parentId=" + parent);
        assertThat(list.body().path("items")).hasSize(1);
        assertThat(list.body().path("items").path(0).path("id").asText()).isEqualTo(child);
        assertThat(api.get("/api/v1/organizations?limit=1").text("nextCursor")).isNotNull();
    }

    @Test
    void renaming_and_moving_are_visible_at_once_and_cycles_are_refused() {
        String a = createOrganization("A", null);
        String b = createOrganization("B", a);
        String c = createOrganization("C", null);

        Response renamed = api.patch("/api/v1/organizations/" + a, Map.of("name", "Alpha"), "If-Match", "\"1\"");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("Alpha");
        assertThat(api.patch("/api/v1/organizations/" + a, Map.of("name", "Stale"), "If-Match", "\"1\"").status())
                .isEqualTo(412);

        Response moved = api.patch("/api/v1/organizations/" + b, Map.of("parentId", c));
        assertThat(moved.text("parentId")).isEqualTo(c);
        assertThat(texts(api.get("/api/v1/organizations/" + c), "children")).containsExactly(b);

        Response cycle = api.patch("/api/v1/organizations/" + c, Map.of("parentId", b));
        assertThat(cycle.status()).isEqualTo(409);
        assertThat(cycle.text("type")).isEqualTo("/problems/organization-cycle");
        assertThat(api.patch("/api/v1/organizations/" + c, Map.of("parentId", c)).status()).isEqualTo(409);
        assertThat(api.patch("/api/v1/organizations/" + OrganizationIds.ROOT, Map.of("parentId", c)).status())
                .isEqualTo(409);
        assertThat(api.patch("/api/v1/organizations/" + c, Map.of("parentId", "nowhere")).status()).isEqualTo(422);
    }

    @Test
    void moving_an_organization_takes_its_whole_subtree_into_the_new_parents_scope() {
        String from = createOrganization("From " + System.nanoTime(), null);
        String moving = createOrganization("Moving", from);
        String below = createOrganization("Below", moving);
        String to = createOrganization("To " + System.nanoTime(), null);
        String user = createUser(uniqueUsername("carried"), below).text("id");
        assertThat(usersWithChildren(from)).contains(user);

        assertThat(api.patch("/api/v1/organizations/" + moving, Map.of("parentId", to)).status()).isEqualTo(200);

        assertThat(usersWithChildren(to)).contains(user);
        assertThat(usersWithChildren(from)).doesNotContain(user);
        assertThat(jdbc.sql("SELECT path FROM org_registry WHERE organization_id = ?").param(below)
                .query(String.class).single())
                .isEqualTo("/" + OrganizationIds.ROOT + "/" + to + "/" + moving + "/" + below + "/");
        assertThat(api.patch("/api/v1/organizations/" + to, Map.of("parentId", below)).status())
                .as("the moved subtree is below its new parent, so this is a cycle").isEqualTo(409);
    }

    private List<String> usersWithChildren(String organizationId) {
        List<String> ids = new ArrayList<>();
        api.get("/api/v1/users?includeChildren=true&organizationId=" + organizationId).body().path("items")
                .forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    @Test
    void deactivation_is_refused_while_active_users_or_children_remain() {
        String parent = createOrganization("Parent", null);
        String child = createOrganization("Child", parent);
        String user = createUser(uniqueUsername("member"), child).text("id");

        Response busyChild = api.post("/api/v1/organizations/" + child + "/deactivate", null);
        assertThat(busyChild.status()).isEqualTo(409);
        assertThat(busyChild.text("type")).isEqualTo("/problems/organization-not-empty");
        assertThat(api.post("/api/v1/organizations/" + parent + "/deactivate", null).status()).isEqualTo(409);

        assertThat(api.post("/api/v1/users/" + user + "/deactivate", null).status()).isEqualTo(200);
        Response childDeactivated = api.post("/api/v1/organizations/" + child + "/deactivate", null);
        assertThat(childDeactivated.text("status")).as(childDeactivated.toString()).isEqualTo("DEACTIVATED");
        assertThat(api.post("/api/v1/organizations/" + child + "/deactivate", null).status()).isEqualTo(409);
        assertThat(api.post("/api/v1/organizations/" + parent + "/deactivate", null).status()).isEqualTo(200);

        assertThat(api.post("/api/v1/organizations/" + child + "/reactivate", null).status()).isEqualTo(409);
        Response intoDeactivated = createUser(uniqueUsername("late"), child);
        assertThat(intoDeactivated.status()).isEqualTo(409);
        assertThat(intoDeactivated.text("type")).isEqualTo("/problems/organization-deactivated");
        assertThat(api.post("/api/v1/users/" + user + "/reactivate", null).status()).isEqualTo(409);
        assertThat(api.post("/api/v1/organizations", Map.of("name", "Orphan", "parentId", parent)).status()).isEqualTo(409);

        assertThat(api.post("/api/v1/organizations/" + parent + "/reactivate", null).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/organizations/" + child + "/reactivate", null).text("status")).isEqualTo("ACTIVE");
        assertThat(api.post("/api/v1/users/" + user + "/reactivate", null).status()).isEqualTo(200);
    }

    @Test
    void the_root_organization_cannot_be_deactivated_and_bad_input_is_refused() {
        Response root = api.post("/api/v1/organizations/" + OrganizationIds.ROOT + "/deactivate", null);
        assertThat(root.status()).isEqualTo(409);
        assertThat(root.text("type")).isEqualTo("/problems/root-organization");
        assertThat(api.post("/api/v1/organizations", Map.of("name", "")).text("field")).isEqualTo("name");
        assertThat(api.post("/api/v1/organizations", Map.of("name", "X", "parentId", "nowhere")).status()).isEqualTo(422);
        assertThat(api.get("/api/v1/organizations/nowhere").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/organizations/nowhere/deactivate", null).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/organizations?status=closed").status()).isEqualTo(400);
    }

    private static List<String> texts(Response response, String field) {
        List<String> values = new ArrayList<>();
        response.body().path(field).forEach(node -> values.add(node.asText()));
        return values;
    }
}
