package io.roster.app.security;

import io.roster.command.access.AccessGuard;
import io.roster.command.access.PrincipalCommand;
import io.roster.command.common.Refusal;
import io.roster.roles.RoleCatalogue;
import io.roster.roles.RoleScope;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;

/** {@link AccessGuard} for the authenticated caller of the current request. */
@Component
class CallerAccessGuard implements AccessGuard {

    private final Principals principals;
    private final PrivilegeContainment containment;

    CallerAccessGuard(Principals principals, PrivilegeContainment containment) {
        this.principals = principals;
        this.containment = containment;
    }

    @Override
    public void requireMayChangeUser(String userId) {
        containment.require(caller().principalId(), new PrincipalCommand() {
            @Override
            public String principalId() {
                return userId;
            }

            @Override
            public Kind principalKind() {
                return Kind.USER;
            }
        });
    }

    @Override
    public boolean permits(String organizationId, String... permissions) {
        Caller caller = caller();
        RoleScope scope = caller.scopeFor(List.of(permissions)).orElse(RoleScope.ASSIGNED_USER);
        return switch (scope) {
            case ALL_ORGANIZATIONS -> true;
            case ORGANIZATION_AND_CHILDREN -> organizationId != null
                    && principals.withinSubtree(organizationId, caller.organizationId());
            case ASSIGNED_USER -> false;
        };
    }

    @Override
    public void requireOrganizationInScope(String field, String organizationId, String... permissions) {
        if (!permits(organizationId, permissions)) {
            throw Refusal.unprocessable(field, "organization-not-found",
                    "organization " + organizationId + " does not exist");
        }
    }

    @Override
    public void requireMayGrant(Collection<String> roleIds) {
        Caller caller = caller();
        for (String roleId : roleIds) {
            if (!caller.mayGrant(roleId)) {
                throw new Refusal(Refusal.Kind.FORBIDDEN, "forbidden", RoleCatalogue.SYSADMIN.equals(roleId)
                        ? "only a System Admin grants or revokes System Admin"
                        : "only a Customer Cloud Admin assigns or revokes roles", null);
            }
        }
    }

    @Override
    public void requireHoldsEverywhere(String field, Collection<String> permissions) {
        if (permissions == null || permissions.isEmpty()) {
            return;
        }
        Caller caller = caller();
        java.util.Map<String, RoleScope> held = PrivilegeContainment.canonical(caller.grants());
        List<String> beyond = permissions.stream()
                // an unknown permission is the role's own refusal to make (422 naming it), not a question of rights
                .filter(RoleCatalogue.builtIn()::hasPermission)
                .filter(permission -> !caller.grants().containsKey(Caller.ADMIN_PERMISSION)
                        && held.get(PrivilegeContainment.canonicalName(permission)) != RoleScope.ALL_ORGANIZATIONS)
                .distinct().sorted().toList();
        if (!beyond.isEmpty()) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "permission-beyond-caller",
                    "the caller does not hold these permissions for all organizations: " + beyond, field);
        }
    }

    @Override
    public void requireRoleAdministrator() {
        if (!caller().isRoleAdministrator()) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "forbidden", "only a Customer Cloud Admin manages custom roles", null);
        }
    }

    private static Caller caller() {
        return CallerAuthentication.current()
                .orElseThrow(() -> new IllegalStateException("no authenticated caller on this request"));
    }
}
