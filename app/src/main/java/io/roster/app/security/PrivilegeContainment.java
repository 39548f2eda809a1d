package io.roster.app.security;

import io.roster.api.PrincipalVisibility;
import io.roster.command.access.Containment;
import io.roster.command.access.PrincipalCommand;
import io.roster.command.common.Refusal;
import io.roster.events.ActorType;
import io.roster.roles.RoleScope;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The one place that decides privilege containment for REST, SCIM, CSV import and the console (which calls the
 * API): a caller may change a principal only if the principal is within the caller's scope and every permission the
 * principal holds, as far as its scope reaches, the caller holds at least as far. A caller is always contained in
 * itself; a System Admin ({@code admin}) contains everyone; nobody but a System Admin contains a System Admin.
 */
@Component
class PrivilegeContainment implements Containment, PrincipalVisibility {

    /** Permissions by which a caller reaches people at all; the route decides which one a change needs. */
    static final Set<String> MANAGES_USERS = Set.of("user.create", "user.update", "user.delete", "user.all",
            "crossorg_user.create", "crossorg_user.update", "crossorg_user.delete", "crossorg_user.all");
    static final Set<String> MANAGES_API_CLIENTS = Set.of("api_client.write");
    static final Set<String> READS_API_CLIENTS = Set.of("api_client.read", "api_client.write");
    /** Cross-organization permissions are the organization ones with the reach of the role that grants them. */
    private static final String CROSS_ORGANIZATION = "crossorg_";

    private final Principals principals;

    PrivilegeContainment(Principals principals) {
        this.principals = principals;
    }

    @Override
    public void require(String actorId, PrincipalCommand command) {
        Caller caller = callerFor(actorId).orElseThrow(() -> new Refusal(Refusal.Kind.FORBIDDEN, "forbidden",
                "the caller is not an active principal", null));
        if (caller.type() == ActorType.SUPPORT_USER && command.opensAccess()) {
            // whatever a support user planted would outlive Support Access (and act as someone else)
            throw new Refusal(Refusal.Kind.FORBIDDEN, "support-user-cannot-open-access", "Code42 support users do not "
                    + "create principals, grant roles, issue secrets, change usernames or send sign-in links", null);
        }
        Set<String> reach = command.principalKind() == PrincipalCommand.Kind.API_CLIENT ? MANAGES_API_CLIENTS
                : MANAGES_USERS;
        RoleScope scope = caller.scopeFor(reach).orElseThrow(() -> new Refusal(Refusal.Kind.FORBIDDEN, "forbidden",
                "the caller's roles do not permit changing " + noun(command), null));
        Optional<Principals.Held> now = command.creates() ? Optional.empty() : principals.principal(command.principalId());
        boolean client = command.principalKind() == PrincipalCommand.Kind.API_CLIENT;
        if (now.isPresent() && (now.get().type() == ActorType.API_CLIENT) != client) {
            // a person's id on an API client's route (or the reverse) names nothing there
            throw Refusal.notFound(noun(command) + "-not-found", noun(command) + " " + command.principalId()
                    + " does not exist");
        }
        if (now.isPresent()) {
            Principals.Held held = now.get();
            if (!reaches(caller, scope, held.principalId(), held.organizationId())) {
                throw Refusal.notFound(noun(command) + "-not-found", noun(command) + " " + command.principalId()
                        + " does not exist");
            }
            requireCovered(caller, held.principalId(), held.organizationId(), held.roles(), command);
        } else if (!command.creates()) {
            // a deleted or unknown principal holds nothing; its aggregate answers 404 or 410
            return;
        }
        String after = command.organizationAfter();
        if (after != null && !reaches(caller, scope, null, after)) {
            throw Refusal.unprocessable("organizationId", "organization-not-found",
                    "organization " + after + " does not exist");
        }
        if (after != null || !command.rolesAdded().isEmpty()) {
            List<String> rolesAfter = new ArrayList<>(now.map(Principals.Held::roles).orElse(List.of()));
            rolesAfter.addAll(command.rolesAdded());
            String organization = after != null ? after : now.map(Principals.Held::organizationId).orElseThrow();
            requireCovered(caller, command.principalId(), organization, rolesAfter, command);
        }
    }

    @Override
    public boolean mayAct(String principalId, String organizationId, List<String> roles) {
        Optional<Caller> caller = CallerAuthentication.current();
        if (caller.isEmpty()) {
            return false;
        }
        Optional<RoleScope> scope = caller.get().scopeFor(READS_API_CLIENTS);
        return scope.isPresent() && reaches(caller.get(), scope.get(), principalId, organizationId)
                && beyond(caller.get(), principalId, organizationId, roles).isEmpty();
    }

    private void requireCovered(Caller caller, String principalId, String organizationId, List<String> roles,
                                PrincipalCommand command) {
        List<String> missing = beyond(caller, principalId, organizationId, roles);
        if (!missing.isEmpty()) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "principal-exceeds-caller", noun(command) + " "
                    + command.principalId() + " would hold permissions the caller does not hold as far: " + missing,
                    null);
        }
    }

    /** What a principal holding {@code roles} in {@code organizationId} can do beyond the caller, sorted. */
    List<String> beyond(Caller caller, String principalId, String organizationId, List<String> roles) {
        if (caller.grants().containsKey(Caller.ADMIN_PERMISSION)) {
            return List.of();
        }
        Map<String, RoleScope> mine = canonical(caller.grants());
        Map<String, RoleScope> theirs = canonical(principals.grantsOf(roles));
        boolean self = principalId != null && principalId.equals(caller.principalId());
        Lazy inMySubtree = new Lazy(() -> organizationId != null
                && principals.withinSubtree(organizationId, caller.organizationId()));
        List<String> missing = new ArrayList<>();
        theirs.forEach((permission, theirScope) -> {
            if (!covers(mine.get(permission), theirScope, self, inMySubtree)) {
                missing.add(permission);
            }
        });
        return missing.stream().sorted().toList();
    }

    /**
     * Whether a permission held by the caller as far as {@code mine} reaches everything a principal reaches with it
     * as far as {@code theirs}: all organizations only by all organizations; an organization and its children by
     * the same over an enclosing organization; the assigned user alone by oneself.
     */
    static boolean covers(RoleScope mine, RoleScope theirs, boolean self, BooleanSupplier inMySubtree) {
        if (mine == null) {
            return false;
        }
        return switch (mine) {
            case ALL_ORGANIZATIONS -> true;
            case ORGANIZATION_AND_CHILDREN -> theirs != RoleScope.ALL_ORGANIZATIONS && inMySubtree.getAsBoolean();
            case ASSIGNED_USER -> theirs == RoleScope.ASSIGNED_USER && self;
        };
    }

    /** {@code crossorg_user.read} and {@code user.read} name one power; the role's scope says how far it reaches. */
    static Map<String, RoleScope> canonical(Map<String, RoleScope> grants) {
        Map<String, RoleScope> canonical = new LinkedHashMap<>();
        grants.forEach((permission, scope) -> canonical.merge(canonicalName(permission), scope,
                (a, b) -> a.ordinal() >= b.ordinal() ? a : b));
        return canonical;
    }

    static String canonicalName(String permission) {
        return permission.startsWith(CROSS_ORGANIZATION) ? permission.substring(CROSS_ORGANIZATION.length()) : permission;
    }

    /** Whether a caller whose relevant permission reaches {@code scope} reaches this principal or organization. */
    private boolean reaches(Caller caller, RoleScope scope, String principalId, String organizationId) {
        return switch (scope) {
            case ALL_ORGANIZATIONS -> true;
            case ORGANIZATION_AND_CHILDREN -> organizationId != null
                    && principals.withinSubtree(organizationId, caller.organizationId());
            case ASSIGNED_USER -> principalId != null && principalId.equals(caller.principalId());
        };
    }

    /** The request's caller when it sent the command; else (an import job running as its uploader) read now. */
    private Optional<Caller> callerFor(String actorId) {
        if (actorId == null) {
            return Optional.empty();
        }
        Optional<Caller> current = CallerAuthentication.current().filter(c -> actorId.equals(c.principalId()));
        return current.isPresent() ? current : principals.activeCaller(actorId);
    }

    private static String noun(PrincipalCommand command) {
        return command.principalKind() == PrincipalCommand.Kind.API_CLIENT ? "api-client" : "user";
    }

    /** One subtree query at most, and none when no permission needs it. */
    private static final class Lazy implements BooleanSupplier {
        private final BooleanSupplier source;
        private Boolean value;

        Lazy(BooleanSupplier source) {
            this.source = source;
        }

        @Override
        public boolean getAsBoolean() {
            if (value == null) {
                value = source.getAsBoolean();
            }
            return value;
        }
    }
}
