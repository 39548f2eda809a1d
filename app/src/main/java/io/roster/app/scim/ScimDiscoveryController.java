package io.roster.app.scim;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What this SCIM service provider supports (RFC 7644 §4): configuration, resource types and schemas. */
@RestController
@RequestMapping(value = ScimUsersController.BASE, produces = {"application/scim+json", "application/json"})
@Tag(name = "SCIM")
class ScimDiscoveryController {

    private static final String CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    private static final String RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    private static final String SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    @GetMapping("/ServiceProviderConfig")
    Map<String, Object> config(HttpServletRequest request) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("schemas", List.of(CONFIG_SCHEMA));
        config.put("documentationUri", "https://github.com/roster/roster#scim-20-for-okta-and-microsoft-entra-id");
        config.put("patch", Map.of("supported", true));
        config.put("bulk", Map.of("supported", false, "maxOperations", 0, "maxPayloadSize", 0));
        config.put("filter", Map.of("supported", true, "maxResults", 1000));
        config.put("changePassword", Map.of("supported", false));
        config.put("sort", Map.of("supported", false));
        config.put("etag", Map.of("supported", true));
        config.put("authenticationSchemes", List.of(Map.of("type", "oauthbearertoken", "name", "OAuth Bearer Token",
                "description", "A bearer token of a Roster API client (client credentials at /oauth2/token)",
                "primary", true)));
        config.put("meta", Map.of("resourceType", "ServiceProviderConfig",
                "location", ScimUsersController.base(request) + "/ServiceProviderConfig"));
        return config;
    }

    @GetMapping("/ResourceTypes")
    Map<String, Object> resourceTypes(HttpServletRequest request) {
        List<Map<String, Object>> types = List.of(describe(request, "User"), describe(request, "Group"));
        return Map.of("schemas", List.of(ScimUsersController.LIST_RESPONSE), "totalResults", types.size(),
                "itemsPerPage", types.size(), "startIndex", 1, "Resources", types);
    }

    @GetMapping("/ResourceTypes/{name}")
    Map<String, Object> resourceType(HttpServletRequest request, @PathVariable String name) {
        if (!name.equals("User") && !name.equals("Group")) {
            throw ScimException.notFound("no resource type " + name);
        }
        return describe(request, name);
    }

    private static Map<String, Object> describe(HttpServletRequest request, String name) {
        Map<String, Object> type = new LinkedHashMap<>();
        type.put("schemas", List.of(RESOURCE_TYPE_SCHEMA));
        type.put("id", name);
        type.put("name", name);
        type.put("endpoint", "/" + name + "s");
        type.put("description", name.equals("User") ? "A Roster user" : "A Roster role; members hold it");
        type.put("schema", name.equals("User") ? ScimUserStore.USER_SCHEMA : ScimGroupsController.GROUP_SCHEMA);
        type.put("meta", Map.of("resourceType", "ResourceType",
                "location", ScimUsersController.base(request) + "/ResourceTypes/" + name));
        return type;
    }

    @GetMapping("/Schemas")
    Map<String, Object> schemas() {
        List<Map<String, Object>> schemas = List.of(userSchema(), groupSchema());
        return Map.of("schemas", List.of(ScimUsersController.LIST_RESPONSE), "totalResults", schemas.size(),
                "itemsPerPage", schemas.size(), "startIndex", 1, "Resources", schemas);
    }

    @GetMapping("/Schemas/{id}")
    Map<String, Object> schema(@PathVariable String id) {
        if (id.equals(ScimUserStore.USER_SCHEMA)) {
            return userSchema();
        }
        if (id.equals(ScimGroupsController.GROUP_SCHEMA)) {
            return groupSchema();
        }
        throw ScimException.notFound("no schema " + id);
    }

    private static Map<String, Object> userSchema() {
        return schema(ScimUserStore.USER_SCHEMA, "User", "A Roster user", List.of(
                attribute("userName", "string", true, "readWrite", "server",
                        "The username: an e-mail address, unique regardless of case, in an allowed domain"),
                complex("name", List.of(
                        attribute("givenName", "string", true, "readWrite", "none", "First name"),
                        attribute("familyName", "string", true, "readWrite", "none", "Last name"),
                        attribute("formatted", "string", false, "readOnly", "none", "First and last name"))),
                attribute("displayName", "string", false, "readOnly", "none", "First and last name"),
                attribute("active", "boolean", false, "readWrite", "none", "false: deactivated (frees the seat)"),
                attribute("externalId", "string", false, "readWrite", "none", "The identity provider's id"),
                attribute("userType", "string", false, "readOnly", "none", "USER or SUPPORT_USER"),
                attribute("emails", "complex", false, "readOnly", "none", "The username as the work e-mail"),
                attribute("groups", "complex", false, "readOnly", "none", "The roles held (see Groups)")));
    }

    private static Map<String, Object> groupSchema() {
        return schema(ScimGroupsController.GROUP_SCHEMA, "Group", "A Roster role", List.of(
                attribute("displayName", "string", true, "readOnly", "server", "The role's name"),
                attribute("members", "complex", false, "readWrite", "none", "The users who hold the role")));
    }

    private static Map<String, Object> schema(String id, String name, String description, List<Map<String, Object>> attributes) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("schemas", List.of(SCHEMA_SCHEMA));
        schema.put("id", id);
        schema.put("name", name);
        schema.put("description", description);
        schema.put("attributes", attributes);
        schema.put("meta", Map.of("resourceType", "Schema", "location", "/scim/v2/Schemas/" + id));
        return schema;
    }

    private static Map<String, Object> attribute(String name, String type, boolean required, String mutability,
                                                 String uniqueness, String description) {
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("name", name);
        attribute.put("type", type);
        attribute.put("multiValued", type.equals("complex") && !name.equals("name"));
        attribute.put("description", description);
        attribute.put("required", required);
        attribute.put("caseExact", false);
        attribute.put("mutability", mutability);
        attribute.put("returned", "default");
        attribute.put("uniqueness", uniqueness);
        return attribute;
    }

    private static Map<String, Object> complex(String name, List<Map<String, Object>> subAttributes) {
        Map<String, Object> attribute = attribute(name, "complex", true, "readWrite", "none", "The user's names");
        attribute.put("subAttributes", subAttributes);
        return attribute;
    }
}
