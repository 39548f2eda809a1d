package io.roster.app.scim;

import tools.jackson.databind.JsonNode;
import io.roster.command.access.AccessGuard;
import io.roster.command.common.CommandSender;
import io.roster.command.user.UserCommands.AssignRole;
import io.roster.command.user.UserCommands.RevokeRole;
import io.roster.query.userlist.UserDirectory;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SCIM Groups: every Roster role (built-in and custom) is a group whose members hold it. Adding or removing members
 * assigns or revokes the role (only callers who may grant roles). Groups themselves are Roster's catalogue: they
 * cannot be created or deleted through SCIM.
 */
@RestController
@RequestMapping(value = ScimUsersController.BASE + "/Groups", produces = {"application/scim+json", "application/json"})
@Tag(name = "SCIM")
class ScimGroupsController {

    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final Pattern MEMBER_PATH = Pattern.compile(
            "(?i)^members\\[\\s*value\\s+eq\\s+\"([^\"]+)\"\\s*]$");

    private final ScimUserStore users;
    private final UserDirectory directory;
    private final CommandSender commands;
    private final AccessGuard access;

    ScimGroupsController(ScimUserStore users, UserDirectory directory, CommandSender commands, AccessGuard access) {
        this.users = users;
        this.directory = directory;
        this.commands = commands;
        this.access = access;
    }

    private Map<String, Object> group(String roleId, String name, String base, boolean withMembers) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("schemas", List.of(GROUP_SCHEMA));
        group.put("id", roleId);
        group.put("displayName", name);
        if (withMembers) {
            group.put("members", directory.holdersOf(roleId).stream()
                    .map(member -> Map.of("value", member.userId(), "display", String.valueOf(member.username()),
                            "$ref", base + "/Users/" + member.userId()))
                    .toList());
        }
        group.put("meta", Map.of("resourceType", "Group", "location", base + "/Groups/" + roleId));
        return group;
    }

    private static boolean membersWanted(String attributes, String excludedAttributes) {
        if (attributes != null && !attributes.isBlank()) {
            return attributes.toLowerCase(Locale.ROOT).contains("members");
        }
        return excludedAttributes == null || !excludedAttributes.toLowerCase(Locale.ROOT).contains("members");
    }

    @GetMapping
    Map<String, Object> list(HttpServletRequest request, @RequestParam(required = false) String filter,
                             @RequestParam(defaultValue = "1") int startIndex, @RequestParam(defaultValue = "100") int count,
                             @RequestParam(required = false) String attributes,
                             @RequestParam(required = false) String excludedAttributes) {
        ScimFilter parsed = ScimFilter.parse(filter, List.of("displayName", "id"), ScimFilter.GROUP_SCHEMA);
        List<Map.Entry<String, String>> matching = users.roleNames().entrySet().stream()
                .filter(role -> parsed.comparisons().stream().allMatch(comparison ->
                        comparison.attribute().equals("id") ? role.getKey().equals(comparison.value())
                                : role.getValue().equalsIgnoreCase(String.valueOf(comparison.value()))))
                .toList();
        int start = Math.max(1, startIndex);
        int size = Math.max(0, Math.min(1000, count));
        String base = ScimUsersController.base(request);
        boolean members = membersWanted(attributes, excludedAttributes);
        List<Map<String, Object>> page = matching.stream().skip(start - 1L).limit(size)
                .map(role -> group(role.getKey(), role.getValue(), base, members)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(ScimUsersController.LIST_RESPONSE));
        body.put("totalResults", matching.size());
        body.put("startIndex", start);
        body.put("itemsPerPage", page.size());
        body.put("Resources", ScimAttributes.selectAll(page, attributes, excludedAttributes));
        return body;
    }

    @GetMapping("/{id}")
    Map<String, Object> get(HttpServletRequest request, @PathVariable String id,
                            @RequestParam(required = false) String attributes,
                            @RequestParam(required = false) String excludedAttributes) {
        String name = nameOf(id);
        return ScimAttributes.select(group(id, name, ScimUsersController.base(request),
                membersWanted(attributes, excludedAttributes)), attributes, excludedAttributes);
    }

    private String nameOf(String roleId) {
        String name = users.roleNames().get(roleId);
        if (name == null) {
            throw ScimException.notFound("no group " + roleId + " (groups are Roster's roles)");
        }
        return name;
    }

    @PatchMapping(value = "/{id}", consumes = {"application/scim+json", "application/json"})
    ResponseEntity<Map<String, Object>> patch(HttpServletRequest request, @PathVariable String id,
                                              @RequestBody JsonNode body) {
        String name = nameOf(id);
        JsonNode operations = body == null ? null : body.get("Operations");
        if (operations == null || !operations.isArray()) {
            throw ScimException.invalidSyntax("a PatchOp needs an Operations array");
        }
        access.requireMayGrant(List.of(id));
        Set<String> add = new LinkedHashSet<>();
        Set<String> remove = new LinkedHashSet<>();
        Set<String> replaceWith = null;
        for (JsonNode operation : operations) {
            String op = operation.path("op").asText("").toLowerCase(Locale.ROOT);
            String path = operation.path("path").asText("");
            JsonNode value = operation.get("value");
            if (path.isBlank() && value != null && value.isObject() && value.has("members")) {
                value = value.get("members"); // path-less form: {"op":"add","value":{"members":[…]}}
                path = "members";
            }
            if (path.equalsIgnoreCase("displayName") || (path.isBlank() && value != null && value.has("displayName"))) {
                throw new ScimException(400, "mutability", "a group's name is its role's; rename custom roles in Roster");
            }
            Matcher one = MEMBER_PATH.matcher(path);
            switch (op) {
                case "add" -> add.addAll(memberIds(value));
                case "remove" -> {
                    if (one.matches()) {
                        remove.add(one.group(1)); // Okta and Entra: members[value eq "id"]
                    } else if (path.equalsIgnoreCase("members") && (value == null || value.isNull())) {
                        replaceWith = new LinkedHashSet<>();
                    } else if (path.equalsIgnoreCase("members")) {
                        remove.addAll(memberIds(value));
                    } else {
                        throw ScimException.invalidPath("unsupported path '" + path + "'");
                    }
                }
                case "replace" -> {
                    if (!path.equalsIgnoreCase("members")) {
                        throw ScimException.invalidPath("only members can be replaced");
                    }
                    replaceWith = new LinkedHashSet<>(memberIds(value));
                }
                default -> throw ScimException.invalidSyntax("op must be add, replace or remove");
            }
        }
        if (replaceWith != null) {
            Set<String> current = currentMembers(id);
            for (String member : current) {
                if (!replaceWith.contains(member)) {
                    remove.add(member);
                }
            }
            add.addAll(replaceWith);
        }
        change(id, add, remove);
        return ResponseEntity.ok(group(id, name, ScimUsersController.base(request), true));
    }

    @PutMapping(value = "/{id}", consumes = {"application/scim+json", "application/json"})
    Map<String, Object> replace(HttpServletRequest request, @PathVariable String id, @RequestBody JsonNode body) {
        String name = nameOf(id);
        access.requireMayGrant(List.of(id));
        Set<String> wanted = new LinkedHashSet<>(memberIds(body == null ? null : body.get("members")));
        Set<String> remove = new LinkedHashSet<>(currentMembers(id));
        remove.removeAll(wanted);
        change(id, wanted, remove);
        return group(id, name, ScimUsersController.base(request), true);
    }

    @PostMapping(consumes = {"application/scim+json", "application/json"})
    ResponseEntity<Map<String, Object>> create() {
        return ScimErrorHandler.error(403, null, "groups are Roster's roles; create custom roles in Roster");
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Map<String, Object>> delete(@PathVariable String id) {
        return ScimErrorHandler.error(403, null, "groups are Roster's roles; they cannot be deleted through SCIM");
    }

    private Set<String> currentMembers(String roleId) {
        return new LinkedHashSet<>(directory.holdersOf(roleId).stream().map(UserDirectory.Member::userId).toList());
    }

    private void change(String roleId, Set<String> add, Set<String> remove) {
        List<String> unknown = new ArrayList<>();
        for (String member : add) {
            if (users.find(member).isEmpty()) {
                unknown.add(member);
            }
        }
        if (!unknown.isEmpty()) {
            throw ScimException.invalidValue("no users " + unknown);
        }
        // one change of the group is one transaction: a member refused leaves every other member as it was
        commands.inOneTransaction(() -> {
            for (String member : add) {
                commands.send(new AssignRole(member, roleId, null), "user", member);
            }
            for (String member : remove) {
                if (users.find(member).isPresent()) {
                    commands.send(new RevokeRole(member, roleId, null), "user", member);
                }
            }
            return null;
        });
    }

    private static List<String> memberIds(JsonNode value) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(member -> ids.add(memberId(member)));
        } else {
            ids.add(memberId(value));
        }
        return ids;
    }

    private static String memberId(JsonNode member) {
        String id = member.isObject() ? member.path("value").asText("") : member.asText("");
        if (id.isBlank()) {
            throw ScimException.invalidValue("a member needs a value (the user's id)");
        }
        return id;
    }
}
