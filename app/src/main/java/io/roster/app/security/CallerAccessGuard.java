package io.roster.app.security;

import io.roster.command.access.AccessGuard;
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

    CallerAccessGuard(Principals principals) {
        this.principals = principals;
    }

    @Override
    public void requireOrganizationInScope(String field, String organizationId, String... permissions) {
        Caller caller = caller();
        RoleScope scope = caller.scopeFor(List.of(permissions)).orElse(RoleScope.ASSIGNED_USER);
        boolean reachable = switch (scope) {
            case ALL_ORGANIZATIONS -> true;
            case ORGANIZATION_AND_CHILDREN -> organizationId != null
                    && principals.withinSubtree(organizationId, caller.organizationId());
            case ASSIGNED_USER -> false;
        };
        if (!reachable) {
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
