package io.roster.app.security;

import java.util.List;

/** Test access to the package-private route table. */
public final class AccessPolicyRoutesBridge {

    private AccessPolicyRoutesBridge() {
    }

    public static boolean mapped(String route) {
        return AccessPolicy.RULES.containsKey(route) || ("POST " + AccessPolicy.ACTIVATION).equals(route);
    }

    public static List<String> all() {
        return AccessPolicy.routes();
    }

    /** Routes every one of whose permissions is environment-wide. */
    public static List<String> environmentWide() {
        return AccessPolicy.RULES.entrySet().stream()
                .filter(rule -> !rule.getValue().anyOf().isEmpty() && rule.getValue().anyOf().stream()
                        .allMatch(io.roster.roles.RoleCatalogue.builtIn()::environmentWide))
                .map(java.util.Map.Entry::getKey).sorted().toList();
    }
}
