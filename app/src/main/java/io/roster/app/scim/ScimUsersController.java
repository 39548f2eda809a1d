package io.roster.app.scim;

import tools.jackson.databind.JsonNode;
import io.roster.app.scim.ScimUserStore.Row;
import io.roster.command.common.CommandSender;
import io.roster.command.common.IdGenerator;
import io.roster.command.common.Preconditions;
import io.roster.command.user.UserCommands.CreateUser;
import io.roster.command.user.UserCommands.DeactivateUser;
import io.roster.command.user.UserCommands.DeleteUser;
import io.roster.command.user.UserCommands.ReactivateUser;
import io.roster.command.user.UserCommands.SetExternalId;
import io.roster.command.user.UserCommands.UpdateUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * SCIM 2.0 Users (RFC 7644) for identity providers, with the dialects of Okta (path-less PATCH replace of
 * {@code active}) and Microsoft Entra ID (capitalised ops, {@code "False"} as a string). Every change is a Roster
 * command, so the audit log shows it as the provider's API client.
 */
@RestController
@RequestMapping(value = ScimUsersController.BASE + "/Users", produces = {"application/scim+json", "application/json"})
@Tag(name = "SCIM")
class ScimUsersController {

    static final String BASE = "/scim/v2";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static final String RESOURCE = "user";
    private static final int MAX_COUNT = 1000;

    private final ScimUserStore users;
    private final CommandSender commands;
    private final IdGenerator ids;
    private final boolean deleteRemoves;

    ScimUsersController(ScimUserStore users, CommandSender commands, IdGenerator ids,
                        @Value("${roster.scim.delete:deactivate}") String deleteMode) {
        this.users = users;
        this.commands = commands;
        this.ids = ids;
        this.deleteRemoves = deleteMode.equalsIgnoreCase("delete");
    }

    static String base(HttpServletRequest request) {
        return request.getRequestURL().toString().replaceFirst("(/scim/v2).*$", "$1");
    }

    @GetMapping
    @Operation(summary = "List users: filter (userName/externalId/id/active eq), startIndex, count, attributes")
    Map<String, Object> list(HttpServletRequest request, @RequestParam(required = false) String filter,
                             @RequestParam(defaultValue = "1") int startIndex, @RequestParam(defaultValue = "100") int count,
                             @RequestParam(required = false) String attributes,
                             @RequestParam(required = false) String excludedAttributes) {
        int start = Math.max(1, startIndex);
        int size = Math.max(0, Math.min(MAX_COUNT, count));
        ScimUserStore.Page page = users.list(ScimFilter.parse(filter, ScimUserStore.FILTERABLE), start, size);
        Map<String, String> roleNames = users.roleNames();
        String base = base(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(LIST_RESPONSE));
        body.put("totalResults", page.total());
        body.put("startIndex", start);
        body.put("itemsPerPage", page.rows().size());
        body.put("Resources", ScimAttributes.selectAll(page.rows().stream()
                .map(row -> ScimUserStore.resource(row, base, roleNames)).toList(), attributes, excludedAttributes));
        return body;
    }

    @GetMapping("/{id}")
    ResponseEntity<Map<String, Object>> get(HttpServletRequest request, @PathVariable String id,
                                            @RequestParam(required = false) String attributes,
                                            @RequestParam(required = false) String excludedAttributes) {
        Row row = users.require(id);
        return ResponseEntity.ok().eTag(ScimUserStore.etag(row.version()))
                .body(ScimAttributes.select(ScimUserStore.resource(row, base(request), users.roleNames()), attributes,
                        excludedAttributes));
    }

    /** The attributes Roster keeps for a user, as the provider wants them. */
    static final class Desired {
        String userName;
        String givenName;
        String familyName;
        Boolean active;
        String externalId;
        boolean externalIdGiven;

        static Desired of(Row row) {
            Desired desired = new Desired();
            desired.userName = row.userName();
            desired.givenName = row.givenName();
            desired.familyName = row.familyName();
            desired.active = row.active();
            desired.externalId = row.externalId();
            return desired;
        }

        /** Sets one attribute by its SCIM path; attributes Roster does not keep are accepted and ignored. */
        void set(String path, JsonNode value) {
            String attribute = path.replaceFirst("(?i)^urn:ietf:params:scim:schemas:core:2\\.0:User:", "");
            switch (attribute.toLowerCase(Locale.ROOT)) {
                case "username" -> userName = text(attribute, value);
                case "name" -> {
                    if (value == null || !value.isObject()) {
                        throw ScimException.invalidValue("name must be an object with givenName and familyName");
                    }
                    value.properties().forEach(part -> set("name." + part.getKey(), part.getValue()));
                }
                case "name.givenname" -> givenName = text(attribute, value);
                case "name.familyname" -> familyName = text(attribute, value);
                case "active" -> active = bool(value);
                case "externalid" -> {
                    externalId = value == null || value.isNull() ? null : text(attribute, value);
                    externalIdGiven = true;
                }
                default -> {
                    // displayName, emails, phone numbers, enterprise extension…: not kept by Roster (the username
                    // is the e-mail address), accepted so that a provider's full profile push does not fail
                }
            }
        }

        void setAll(JsonNode object) {
            object.properties().forEach(attribute -> {
                if (!attribute.getKey().equals("schemas") && !attribute.getKey().equals("id")
                        && !attribute.getKey().equals("meta")) {
                    set(attribute.getKey(), attribute.getValue());
                }
            });
        }

        private static String text(String attribute, JsonNode value) {
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw ScimException.invalidValue(attribute + " must be a non-empty string");
            }
            return value.asText().trim();
        }

        /** true/false, or Entra ID's "True"/"False". */
        static boolean bool(JsonNode value) {
            if (value != null && value.isBoolean()) {
                return value.asBoolean();
            }
            if (value != null && value.isTextual()
                    && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(value.asText().toLowerCase(Locale.ROOT));
            }
            throw ScimException.invalidValue("active must be true or false");
        }
    }

    @PostMapping(consumes = {"application/scim+json", "application/json"})
    ResponseEntity<Map<String, Object>> create(HttpServletRequest request, @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("the body must be a SCIM User object");
        }
        Desired desired = new Desired();
        desired.active = true;
        desired.setAll(body);
        if (desired.userName == null) {
            throw ScimException.invalidValue("userName is required");
        }
        if (desired.givenName == null || desired.familyName == null) {
            throw ScimException.invalidValue("name.givenName and name.familyName are required");
        }
        String id = ids.newId();
        // the user comes into being with everything the provider asked for, or not at all
        Row row = commands.inOneTransaction(() -> {
            commands.send(new CreateUser(id, desired.userName, desired.givenName, desired.familyName, null, null, null),
                    RESOURCE, id);
            if (desired.externalId != null) {
                commands.send(new SetExternalId(id, desired.externalId, null), RESOURCE, id);
            }
            if (!desired.active) {
                commands.send(new DeactivateUser(id, "created inactive by the identity provider", null), RESOURCE, id);
            }
            return users.find(id).orElseThrow(() -> ScimException.notFound("no user " + id));
        });
        String base = base(request);
        return ResponseEntity.created(URI.create(base + "/Users/" + id)).eTag(ScimUserStore.etag(row.version()))
                .body(ScimUserStore.resource(row, base, users.roleNames()));
    }

    @PutMapping(value = "/{id}", consumes = {"application/scim+json", "application/json"})
    ResponseEntity<Map<String, Object>> replace(HttpServletRequest request, @PathVariable String id,
                                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("the body must be a SCIM User object");
        }
        Row current = users.require(id);
        Desired desired = Desired.of(current);
        desired.setAll(body);
        if (!desired.externalIdGiven) {
            desired.externalId = null; // a replace without externalId removes it
            desired.externalIdGiven = true;
        }
        return apply(request, current, desired, Preconditions.etagVersion(ifMatch));
    }

    @PatchMapping(value = "/{id}", consumes = {"application/scim+json", "application/json"})
    ResponseEntity<Map<String, Object>> patch(HttpServletRequest request, @PathVariable String id,
                                              @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                              @RequestBody JsonNode body) {
        JsonNode operations = body == null ? null : body.get("Operations");
        if (operations == null || !operations.isArray()) {
            throw ScimException.invalidSyntax("a PatchOp needs an Operations array");
        }
        Row current = users.require(id);
        Desired desired = Desired.of(current);
        for (JsonNode operation : operations) {
            String op = operation.path("op").asText("").toLowerCase(Locale.ROOT);
            JsonNode path = operation.get("path");
            JsonNode value = operation.get("value");
            switch (op) {
                case "add", "replace" -> {
                    if (path == null || path.isNull() || path.asText().isBlank()) {
                        if (value == null || !value.isObject()) {
                            throw ScimException.invalidValue("an " + op + " without a path needs an object value");
                        }
                        desired.setAll(value); // Okta: {"op":"replace","value":{"active":false}}
                    } else {
                        desired.set(path.asText(), value);
                    }
                }
                case "remove" -> {
                    if (path == null || path.asText().isBlank()) {
                        throw new ScimException(400, "noTarget", "remove needs a path");
                    }
                    String attribute = path.asText().replaceFirst("(?i)^urn:ietf:params:scim:schemas:core:2\\.0:User:", "");
                    if (attribute.equalsIgnoreCase("externalId")) {
                        desired.set("externalId", null);
                    } else if (List.of("username", "name", "name.givenname", "name.familyname", "active")
                            .contains(attribute.toLowerCase(Locale.ROOT))) {
                        throw new ScimException(400, "mutability", attribute + " is required and cannot be removed");
                    }
                }
                default -> throw ScimException.invalidSyntax("op must be add, replace or remove, not '"
                        + operation.path("op").asText() + "'");
            }
        }
        return apply(request, current, desired, Preconditions.etagVersion(ifMatch));
    }

    /** The commands that turn {@code current} into {@code desired}; If-Match guards the first of them. */
    private ResponseEntity<Map<String, Object>> apply(HttpServletRequest request, Row current, Desired desired,
                                                      Long seenVersion) {
        requireVersion(current, seenVersion);
        // every command of one PUT or PATCH commits together or not at all
        Row row = commands.inOneTransaction(() -> {
            changes(current, desired, Preconditions.aggregateVersionOf(seenVersion));
            return users.find(current.id()).orElseThrow(() -> ScimException.notFound("no user " + current.id()));
        });
        return ResponseEntity.ok().eTag(ScimUserStore.etag(row.version()))
                .body(ScimUserStore.resource(row, base(request), users.roleNames()));
    }

    private long changes(Row current, Desired desired, Long expectedVersion) {
        String id = current.id();
        long version = current.version();
        Long guard = expectedVersion;
        if (Boolean.TRUE.equals(desired.active) && !current.active()) {
            version = commands.send(new ReactivateUser(id, guard), RESOURCE, id);
            guard = null;
        }
        boolean rename = !Objects.equals(desired.userName, current.userName());
        boolean names = !Objects.equals(desired.givenName, current.givenName())
                || !Objects.equals(desired.familyName, current.familyName());
        if (rename || names) {
            version = commands.send(new UpdateUser(id, rename ? desired.userName : null,
                    names ? desired.givenName : null, names ? desired.familyName : null, guard), RESOURCE, id);
            guard = null;
        }
        if (desired.externalIdGiven && !Objects.equals(desired.externalId, current.externalId())) {
            version = commands.send(new SetExternalId(id, desired.externalId, guard), RESOURCE, id);
            guard = null;
        }
        if (Boolean.FALSE.equals(desired.active) && current.active()) {
            version = commands.send(new DeactivateUser(id, "deprovisioned by the identity provider", guard), RESOURCE, id);
        }
        return version;
    }

    /**
     * If-Match: 412 when the user has moved on from the version the provider saw, also for a request that changes
     * nothing (no command for Axon to check); the first command then carries the version for Axon to check.
     */
    private static void requireVersion(Row current, Long expected) {
        if (expected != null && expected != current.version()) {
            throw new ScimException(412, null, "user " + current.id() + " is at version " + current.version()
                    + ", not " + expected);
        }
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Deprovision: deactivates (roster.scim.delete=deactivate, the default) or deletes for good")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Row current = users.require(id);
        Long seen = Preconditions.etagVersion(ifMatch);
        requireVersion(current, seen);
        commands.inOneTransaction(() -> {
            long deprovisioned = current.version();
            Long guard = Preconditions.aggregateVersionOf(seen);
            if (current.active()) {
                deprovisioned = commands.send(new DeactivateUser(id, "deprovisioned by the identity provider", guard),
                        RESOURCE, id);
                guard = null;
            }
            if (deleteRemoves) {
                deprovisioned = commands.send(new DeleteUser(id, guard), RESOURCE, id);
            }
            return deprovisioned;
        });
        return ResponseEntity.noContent().build();
    }
}
