package io.roster.app.imports;

import io.roster.command.access.AccessGuard;
import io.roster.command.common.Refusal;
import io.roster.command.organization.AllowedDomains;
import io.roster.command.user.EmailAddresses;
import io.roster.command.user.RoleLookup;
import io.roster.events.OrganizationIds;
import io.roster.events.UserType;
import io.roster.query.organization.Organizations;
import io.roster.query.userlist.UserDirectory;
import io.roster.roles.RoleCatalogue;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one CSV row asks for, and what it takes to get there from the user as they are now: the same decision
 * for a dry run, for the job's first pass and for a re-run (which therefore changes nothing).
 */
@Component
class ImportPlanner {

    static final List<String> COLUMNS = List.of("username", "firstName", "lastName", "organization", "roles",
            "userType", "action");
    private static final String[] USER_PERMISSIONS = {"user.create", "crossorg_user.create", "user.update",
            "crossorg_user.update", "user.all", "crossorg_user.all"};
    private static final String[] CREATE = {"user.create", "crossorg_user.create", "user.all", "crossorg_user.all"};
    private static final String[] UPDATE = {"user.update", "crossorg_user.update", "user.all", "crossorg_user.all"};
    /** "Add/deactivate users", as for {@code POST /api/v1/users/{id}/deactivate}. */
    private static final String[] DEACTIVATE = {"user.delete", "crossorg_user.delete", "user.all", "crossorg_user.all"};
    private static final String[] ANY_USER_PERMISSION = {"user.create", "crossorg_user.create", "user.update",
            "crossorg_user.update", "user.delete", "crossorg_user.delete", "user.all", "crossorg_user.all"};

    private final Organizations directory;
    private final UserDirectory users;
    private final RoleLookup roles;
    private final AccessGuard access;

    ImportPlanner(Organizations directory, UserDirectory users, RoleLookup roles,
                  AccessGuard access) {
        this.directory = directory;
        this.users = users;
        this.roles = roles;
        this.access = access;
    }

    enum Action { CREATE, UPSERT, DEACTIVATE, REACTIVATE }

    /** A row as checked at upload: resolved organization id, known roles (null: the column was empty). */
    record Wanted(String username, String firstName, String lastName, String organizationId, List<String> roles,
                  UserType userType, Action action) {
    }

    /** The user as the user list shows them now. */
    record Existing(String userId, String firstName, String lastName, String organizationId, Set<String> roles,
                    String status, UserType userType) {
    }

    enum Outcome { CREATED, UPDATED, UNCHANGED, FAILED }

    /** What to do: the outcome it will have, why (for FAILED), and the changes for an update. */
    record Plan(Outcome outcome, String reason, boolean names, boolean move, List<String> assign, List<String> revoke,
                boolean deactivate, boolean reactivate) {

        static Plan failed(String reason) {
            return new Plan(Outcome.FAILED, reason, false, false, List.of(), List.of(), false, false);
        }

        static Plan unchanged() {
            return new Plan(Outcome.UNCHANGED, null, false, false, List.of(), List.of(), false, false);
        }
    }

    /** Organizations by id and by name (case-insensitive), read once per upload. */
    final class OrganizationNames {
        private final Map<String, String> statusById = new HashMap<>();
        private final Map<String, List<String>> idsByName = new HashMap<>();

        OrganizationNames() {
            for (Organizations.Node organization : directory.all()) {
                statusById.put(organization.id(), organization.status());
                idsByName.computeIfAbsent(organization.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(organization.id());
            }
        }

        String resolve(String idOrName) {
            if (statusById.containsKey(idOrName)) {
                return idOrName;
            }
            List<String> named = idsByName.getOrDefault(idOrName.toLowerCase(Locale.ROOT), List.of());
            if (named.size() > 1) {
                throw Refusal.invalid("organization", "ambiguous-organization",
                        "organization name '" + idOrName + "' is used " + named.size() + " times; give its id");
            }
            if (named.isEmpty()) {
                throw Refusal.invalid("organization", "organization-not-found", "organization " + idOrName + " does not exist");
            }
            return named.get(0);
        }
    }

    OrganizationNames organizations() {
        return new OrganizationNames();
    }

    /** Checks a row with the caller's rights; refuses with the reason the row fails for. */
    Wanted validate(Map<String, String> row, Action defaultAction, OrganizationNames organizations, List<String> allowedDomains) {
        Action action = defaultAction;
        String requested = row.getOrDefault("action", "").trim().toLowerCase(Locale.ROOT);
        if (!requested.isEmpty()) {
            action = switch (requested) {
                case "create" -> Action.CREATE;
                case "upsert", "update" -> Action.UPSERT;
                case "deactivate" -> Action.DEACTIVATE;
                case "reactivate" -> Action.REACTIVATE;
                default -> throw Refusal.invalid("action", "invalid-field",
                        "action must be create, upsert, deactivate or reactivate, not '" + requested + "'");
            };
        }
        String raw = blankToNull(row.get("username"));
        String username;
        try {
            username = EmailAddresses.require("username", raw);
        } catch (Refusal refusal) {
            throw raw == null ? refusal : Refusal.invalid("username", "invalid-field", "'" + raw + "': " + refusal.getMessage());
        }
        UserType type = UserType.USER;
        String typeText = blankToNull(row.get("userType"));
        if (typeText != null) {
            try {
                type = UserType.valueOf(typeText.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("userType", "invalid-field", "userType must be USER or SUPPORT_USER");
            }
        }
        if (action == Action.DEACTIVATE || action == Action.REACTIVATE) {
            return new Wanted(username, null, null, null, null, type, action);
        }
        if (type != UserType.SUPPORT_USER) {
            AllowedDomains.require("username", username, allowedDomains);
        }
        String organization = blankToNull(row.get("organization"));
        String organizationId = organization == null ? null : organizations.resolve(organization.trim());
        if (organizationId != null) {
            access.requireOrganizationInScope("organization", organizationId, USER_PERMISSIONS);
        }
        List<String> roleIds = null;
        String roleText = blankToNull(row.get("roles"));
        if (roleText != null) {
            roleIds = new ArrayList<>(new LinkedHashSet<>(Arrays.stream(roleText.split(";")).map(String::trim)
                    .filter(role -> !role.isEmpty()).toList()));
            for (String role : roleIds) {
                if (!roles.exists(role)) {
                    throw Refusal.invalid("roles", "role-not-found", "role " + role + " does not exist");
                }
            }
            if (!roleIds.equals(List.of(RoleCatalogue.DESKTOP_USER))) {
                access.requireMayGrant(roleIds);
            }
        }
        return new Wanted(username, trimmed(row.get("firstName")), trimmed(row.get("lastName")), organizationId,
                roleIds, type, action);
    }

    /** The users named in {@code usernames} (lower case) that exist (not deleted), by lower-case username. */
    Map<String, Existing> existing(Collection<String> usernames) {
        Map<String, Existing> found = new HashMap<>();
        for (UserDirectory.Listed user : users.byUsernames(usernames)) {
            found.put(user.usernameLower(), new Existing(user.userId(), user.firstName(), user.lastName(),
                    user.organizationId(), new LinkedHashSet<>(user.roles()), user.status(), user.userType()));
        }
        return found;
    }

    /**
     * The plan for a row, refused exactly where REST would refuse the same changes to the same caller: checked for the
     * dry run and at upload, and again with the uploader's rights of that moment when the row is carried out. A user
     * outside the caller's organizations reads as no user at all (no organization id is named).
     */
    Plan authorized(Wanted wanted, Existing existing) {
        if (existing != null && !access.permits(existing.organizationId(), ANY_USER_PERMISSION)) {
            throw Refusal.notFound("user-not-found", "no user " + wanted.username() + " in the caller's organizations");
        }
        Plan plan = plan(wanted, existing);
        if (plan.outcome() == Outcome.CREATED) {
            // no organization means the root organization, which the caller must reach like any other
            String organization = wanted.organizationId() == null ? OrganizationIds.ROOT : wanted.organizationId();
            if (!access.permits(organization, CREATE)) {
                throw Refusal.unprocessable("organization", "organization-not-found", wanted.organizationId() == null
                        ? "the row names no organization and the caller may not create users in the root organization"
                        : "organization " + wanted.organizationId() + " does not exist");
            }
        } else if (plan.outcome() == Outcome.UPDATED) {
            String organization = existing.organizationId();
            boolean changes = plan.names() || plan.move() || !plan.assign().isEmpty() || !plan.revoke().isEmpty();
            if (changes && !access.permits(organization, UPDATE)) {
                throw new Refusal(Refusal.Kind.FORBIDDEN, "forbidden", "the caller's roles do not permit changing "
                        + wanted.username(), null);
            }
            if (plan.move() && !access.permits(wanted.organizationId(), UPDATE)) {
                throw Refusal.unprocessable("organization", "organization-not-found",
                        "organization " + wanted.organizationId() + " does not exist");
            }
            if (!plan.assign().isEmpty() || !plan.revoke().isEmpty()) {
                // taking a role away needs the same right as giving one
                List<String> changed = new ArrayList<>(plan.assign());
                changed.addAll(plan.revoke());
                access.requireMayGrant(changed);
            }
            if ((plan.deactivate() || plan.reactivate()) && !access.permits(organization, DEACTIVATE)) {
                throw new Refusal(Refusal.Kind.FORBIDDEN, "forbidden", "the caller's roles do not permit "
                        + (plan.deactivate() ? "deactivating " : "reactivating ") + wanted.username(), null);
            }
        }
        return plan;
    }

    /** What it takes to make the user look like the row; {@code existing} null: no such user. */
    Plan plan(Wanted wanted, Existing existing) {
        switch (wanted.action()) {
            case DEACTIVATE -> {
                if (existing == null) {
                    return Plan.failed("no user " + wanted.username());
                }
                return existing.status().equals("DEACTIVATED") ? Plan.unchanged()
                        : new Plan(Outcome.UPDATED, null, false, false, List.of(), List.of(), true, false);
            }
            case REACTIVATE -> {
                if (existing == null) {
                    return Plan.failed("no user " + wanted.username());
                }
                return existing.status().equals("ACTIVE") ? Plan.unchanged()
                        : new Plan(Outcome.UPDATED, null, false, false, List.of(), List.of(), false, true);
            }
            default -> {
                if (existing == null) {
                    if (wanted.firstName() == null || wanted.lastName() == null) {
                        return Plan.failed("firstName and lastName are required to create a user");
                    }
                    return new Plan(Outcome.CREATED, null, false, false, List.of(), List.of(), false, false);
                }
                return update(wanted, existing);
            }
        }
    }

    private Plan update(Wanted wanted, Existing existing) {
        if (existing.userType() != wanted.userType()) {
            return Plan.failed("user " + wanted.username() + " exists as " + existing.userType() + "; the type cannot change");
        }
        boolean names = (wanted.firstName() != null && !wanted.firstName().equals(existing.firstName()))
                || (wanted.lastName() != null && !wanted.lastName().equals(existing.lastName()));
        boolean move = wanted.organizationId() != null && !wanted.organizationId().equals(existing.organizationId());
        List<String> assign = wanted.roles() == null ? List.of()
                : wanted.roles().stream().filter(role -> !existing.roles().contains(role)).toList();
        List<String> revoke = wanted.roles() == null ? List.of()
                : existing.roles().stream().filter(role -> !wanted.roles().contains(role)).toList();
        if (!names && !move && assign.isEmpty() && revoke.isEmpty()) {
            return Plan.unchanged();
        }
        if (wanted.action() == Action.CREATE) {
            return Plan.failed("user " + wanted.username() + " already exists with other data; import with mode=upsert to update it");
        }
        return new Plan(Outcome.UPDATED, null, names, move, assign, revoke, false, false);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
