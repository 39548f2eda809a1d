package io.roster.app.security;

import io.roster.events.ActorType;
import io.roster.roles.RoleCatalogue;
import io.roster.roles.RoleDefinition;
import io.roster.roles.RoleScope;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The authenticated principal of a request, as it is now (read on every request): its roles, and from them
 * every permission with the widest scope any of its roles gives it. The {@code admin} permission of System
 * Admin stands for every permission in every organization. Environment-wide permissions count only when a role
 * for all organizations grants them.
 */
public record Caller(String principalId, ActorType type, String login, String organizationId, Set<String> roles,
                     Map<String, RoleScope> grants) {

    public static final String ADMIN_PERMISSION = "admin";

    /** What a held role grants: its permissions, each as far as its scope. */
    public record ScopedRole(RoleScope scope, List<String> permissions) {
        static ScopedRole of(RoleDefinition role) {
            return new ScopedRole(role.scope(), role.permissions());
        }
    }

    /** {@code resolve} finds a built-in or custom role; roles it does not know grant nothing. */
    public static Caller of(String principalId, ActorType type, String login, String organizationId,
                            Collection<String> roles, Function<String, Optional<ScopedRole>> resolve) {
        Map<String, RoleScope> grants = new LinkedHashMap<>();
        RoleCatalogue catalogue = RoleCatalogue.builtIn();
        for (String roleId : roles) {
            resolve.apply(roleId).ifPresent(role -> role.permissions().forEach(permission -> {
                // an environment-wide permission counts only for all organizations: a narrower role (a custom role
                // stored before such roles were refused) grants nothing with it, so it can reach no environment route
                if (role.scope() == RoleScope.ALL_ORGANIZATIONS || !catalogue.environmentWide(permission)) {
                    grants.merge(permission, role.scope(), Caller::wider);
                }
            }));
        }
        return new Caller(principalId, type, login, organizationId, Set.copyOf(roles), Map.copyOf(grants));
    }

    /** The widest scope in which the caller holds any of {@code permissions}; empty when it holds none. */
    public Optional<RoleScope> scopeFor(Collection<String> permissions) {
        if (grants.containsKey(ADMIN_PERMISSION)) {
            return Optional.of(RoleScope.ALL_ORGANIZATIONS);
        }
        RoleScope widest = null;
        for (String permission : permissions) {
            RoleScope scope = grants.get(permission);
            if (scope != null) {
                widest = widest == null ? scope : wider(widest, scope);
            }
        }
        return Optional.ofNullable(widest);
    }

    public boolean holds(String roleId) {
        return roles.contains(roleId);
    }

    /** Customer Cloud Admins assign roles (seed 001); System Admins may too, and alone grant System Admin. */
    public boolean mayGrant(String roleId) {
        if (RoleCatalogue.SYSADMIN.equals(roleId)) {
            return holds(RoleCatalogue.SYSADMIN);
        }
        return isRoleAdministrator();
    }

    /** A Customer Cloud Admin or System Admin: assigns roles and manages custom roles. */
    public boolean isRoleAdministrator() {
        return holds(RoleCatalogue.CUSTOMER_CLOUD_ADMIN) || holds(RoleCatalogue.SYSADMIN);
    }

    private static RoleScope wider(RoleScope a, RoleScope b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** One permission and how far it reaches. */
    public record Grant(String permission, RoleScope scope) {
    }

    public List<Grant> effectivePermissions() {
        return grants.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> new Grant(entry.getKey(), entry.getValue())).toList();
    }
}
