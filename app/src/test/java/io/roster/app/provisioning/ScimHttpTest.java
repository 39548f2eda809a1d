package io.roster.app.provisioning;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SCIM 2.0 driven by UnboundID's SCIM 2 client as an identity provider would (create, filter, paging, PUT,
 * PATCH, groups, deprovisioning), plus the exact PATCH bodies Okta and Microsoft Entra ID send.
 */
class ScimHttpTest extends IntegrationTest {

    private static final String SCIM_JSON = "application/scim+json";
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private Client client;
    private ScimService scim;
    private RosterApi okta;
    private String oktaClientId;

    @BeforeEach
    void connectAsTheIdentityProvider() {
        Response created = api.post("/api/v1/api-clients", Map.of("name", "Okta " + tag,
                "roles", List.of("customer-cloud-admin")));
        oktaClientId = created.text("clientId");
        String token = anonymous.token(oktaClientId, created.text("clientSecret")).text("access_token");
        okta = anonymous.as(token);
        ClientConfig config = new ClientConfig()
                .register(new JacksonJsonProvider(JsonUtils.createObjectMapper()))
                // HttpURLConnection knows no PATCH; Jersey's documented workaround
                .property(HttpUrlConnectorProvider.SET_METHOD_WORKAROUND, true);
        client = ClientBuilder.newClient(config);
        scim = new ScimService(client.target("http://localhost:" + port + "/scim/v2")
                .register((jakarta.ws.rs.client.ClientRequestFilter) request ->
                        request.getHeaders().putSingle("Authorization", "Bearer " + token)));
    }

    @AfterEach
    void close() {
        client.close();
    }

    private String user(String name) {
        return name + "." + tag + "@example.com";
    }

    private UserResource newUser(String name, String externalId) {
        UserResource user = new UserResource().setUserName(user(name))
                .setName(new Name().setGivenName("Given " + name).setFamilyName("Family"))
                .setEmails(new Email().setValue(user(name)).setType("work").setPrimary(true))
                .setActive(true);
        user.setExternalId(externalId);
        return user;
    }

    private Response patch(String path, String body, String... headers) {
        return okta.send("PATCH", "/scim/v2" + path, body, SCIM_JSON, headers);
    }

    @Test
    void discovery_tells_what_roster_supports() throws Exception {
        assertThat(scim.getServiceProviderConfig().getPatch().isSupported()).isTrue();
        assertThat(scim.getServiceProviderConfig().getFilter().isSupported()).isTrue();
        assertThat(scim.getServiceProviderConfig().getEtag().isSupported()).isTrue();
        assertThat(scim.getResourceTypes().getTotalResults()).isEqualTo(2);
        assertThat(scim.getSchemas().getResources()).extracting(schema -> schema.getId().toString())
                .contains("urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group");
    }

    @Test
    void users_are_created_found_paged_replaced_and_patched_through_a_scim_client() throws Exception {
        UserResource created = scim.create("Users", newUser("ada", "okta-" + tag));
        assertThat(created.getId()).isNotBlank();
        assertThat(created.getUserName()).isEqualTo(user("ada"));
        assertThat(created.getExternalId()).isEqualTo("okta-" + tag);
        assertThat(created.getActive()).isTrue();
        assertThat(created.getMeta().getVersion()).isEqualTo("W/\"2\"");
        assertThat(created.getMeta().getLocation().toString()).endsWith("/scim/v2/Users/" + created.getId());

        assertThatThrownBy(() -> scim.create("Users", newUser("ada", null)))
                .isInstanceOf(ResourceConflictException.class)
                .satisfies(e -> assertThat(((ResourceConflictException) e).getScimError().getScimType()).isEqualTo("uniqueness"));

        // filters: userName case-insensitively, externalId, active; the audit log shows the provider's client
        ListResponse<UserResource> byName = scim.searchRequest("Users")
                .filter(Filter.eq("userName", user("ADA").toUpperCase())).invoke(UserResource.class);
        assertThat(byName.getTotalResults()).isEqualTo(1);
        assertThat(byName.getResources().get(0).getId()).isEqualTo(created.getId());
        assertThat(scim.searchRequest("Users").filter("externalId eq \"okta-" + tag + "\"").invoke(UserResource.class)
                .getTotalResults()).isEqualTo(1);
        assertThat(api.get("/api/v1/audit-log?targetId=" + created.getId()).raw()).contains(oktaClientId);

        // paging and attribute selection
        scim.create("Users", newUser("bob", null));
        scim.create("Users", newUser("cy", null));
        ListResponse<UserResource> first = scim.searchRequest("Users").page(1, 2).invoke(UserResource.class);
        assertThat(first.getItemsPerPage()).isEqualTo(2);
        assertThat(first.getTotalResults()).isGreaterThanOrEqualTo(3);
        ListResponse<UserResource> second = scim.searchRequest("Users").page(2, 2).invoke(UserResource.class);
        assertThat(second.getStartIndex()).isEqualTo(2);
        assertThat(second.getResources().get(0).getId()).isEqualTo(first.getResources().get(1).getId());
        ListResponse<UserResource> slim = scim.searchRequest("Users").filter(Filter.eq("userName", user("bob")))
                .attributes("userName").invoke(UserResource.class);
        assertThat(slim.getResources().get(0).getUserName()).isEqualTo(user("bob"));
        assertThat(slim.getResources().get(0).getName()).isNull();

        // PUT replaces; PATCH modifies
        created.setName(new Name().setGivenName("Augusta").setFamilyName("Lovelace"));
        UserResource replaced = scim.replace(created);
        assertThat(replaced.getName().getFamilyName()).isEqualTo("Lovelace");
        assertThat(replaced.getMeta().getVersion()).isEqualTo("W/\"3\"");
        UserResource patched = scim.modifyRequest("Users", created.getId())
                .replaceValue("name.givenName", "Ada").invoke(UserResource.class);
        assertThat(patched.getName().getGivenName()).isEqualTo("Ada");
        assertThat(api.get("/api/v1/users/" + created.getId()).text("firstName")).isEqualTo("Ada");

        // If-Match is honoured
        Response stale = patch("/Users/" + created.getId(), """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"name.familyName","value":"Stale"}]}""", "If-Match", "W/\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.raw()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
    }

    @Test
    void okta_and_entra_dialects_deactivate_and_reactivate() throws Exception {
        UserResource created = scim.create("Users", newUser("dialect", null));
        String id = created.getId();

        // Okta: a path-less replace with an object value
        Response okta = patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":false}}]}""");
        assertThat(okta.status()).as(okta.toString()).isEqualTo(200);
        assertThat(okta.body().path("active").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/users/" + id).text("status")).isEqualTo("DEACTIVATED");
        assertThat(scim.searchRequest("Users").filter("active eq false and userName eq \"" + user("dialect") + "\"")
                .invoke(UserResource.class).getTotalResults()).isEqualTo(1);

        // Entra ID: capitalised ops, booleans as strings, the enterprise extension and emails sent along
        Response entra = patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"True"},
                               {"op":"Add","path":"externalId","value":"entra-%s"},
                               {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"%s"},
                               {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"R&D"}]}"""
                .formatted(tag, user("dialect")));
        assertThat(entra.status()).as(entra.toString()).isEqualTo(200);
        assertThat(entra.body().path("active").asBoolean()).isTrue();
        assertThat(entra.body().path("externalId").asText()).isEqualTo("entra-" + tag);
        assertThat(api.get("/api/v1/users/" + id).text("status")).isEqualTo("ACTIVE");

        Response falseString = patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"False"}]}""");
        assertThat(falseString.body().path("active").asBoolean()).isFalse();

        Response nonsense = patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"maybe"}]}""");
        assertThat(nonsense.status()).isEqualTo(400);
        assertThat(nonsense.body().path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(nonsense.contentType()).startsWith(SCIM_JSON);
    }

    @Test
    void delete_deprovisions_by_deactivating() throws Exception {
        UserResource created = scim.create("Users", newUser("leaver", null));
        scim.delete("Users", created.getId());
        assertThat(api.get("/api/v1/users/" + created.getId()).text("status")).isEqualTo("DEACTIVATED");
        assertThat(scim.retrieve("Users", created.getId(), UserResource.class).getActive()).isFalse();
        Response missing = okta.get("/scim/v2/Users/does-not-exist");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("status").asText()).isEqualTo("404");
    }

    @Test
    void roles_are_groups_whose_members_hold_them() throws Exception {
        UserResource member = scim.create("Users", newUser("member", null));
        ListResponse<GroupResource> groups = scim.searchRequest("Groups").filter("displayName eq \"Org Manager\"")
                .excludedAttributes("members").invoke(GroupResource.class);
        assertThat(groups.getTotalResults()).isEqualTo(1);
        String group = groups.getResources().get(0).getId();
        assertThat(group).isEqualTo("org-manager");

        GroupResource added = scim.modifyRequest("Groups", group)
                .addValues("members", new Member().setValue(member.getId())).invoke(GroupResource.class);
        assertThat(added.getMembers()).extracting(Member::getValue).contains(member.getId());
        assertThat(api.get("/api/v1/users/" + member.getId()).body().path("roles").toString()).contains("org-manager");
        assertThat(scim.retrieve("Users", member.getId(), UserResource.class).getGroups())
                .extracting(g -> g.getValue()).contains("org-manager");

        // Okta and Entra remove a member by a value filter in the path
        Response removed = patch("/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}""".formatted(member.getId()));
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/users/" + member.getId()).body().path("roles").toString()).doesNotContain("org-manager");

        assertThat(okta.send("POST", "/scim/v2/Groups", "{\"displayName\":\"New\"}", SCIM_JSON).status()).isEqualTo(403);
    }

    @Test
    void allowed_domains_hold_for_scim_too_and_only_admins_may_provision() throws Exception {
        try {
            api.send("PUT", "/api/v1/settings/allowed-domains", Map.of("domains", List.of("example.com")), "application/json");
            UserResource outsider = newUser("outsider", null).setUserName("outsider." + tag + "@elsewhere.org");
            assertThatThrownBy(() -> scim.create("Users", outsider)).isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("outside the allowed domains");
        } finally {
            api.send("PUT", "/api/v1/settings/allowed-domains", Map.of("domains", List.of()), "application/json");
        }
        assertThat(clientWith(null, "desktop-user").get("/scim/v2/Users").status()).isEqualTo(403);
        assertThat(anonymous.get("/scim/v2/Users").status()).isEqualTo(401);
    }
}
