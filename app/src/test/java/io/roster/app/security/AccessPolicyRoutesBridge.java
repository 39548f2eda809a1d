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
}
