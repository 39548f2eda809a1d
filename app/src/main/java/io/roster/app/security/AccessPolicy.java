package io.roster.app.security;

import io.roster.api.AccessScope;
import io.roster.roles.RoleScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which permission every endpoint needs, in one table a reader can audit; anything not in it is denied.
 * Permissions are seed 002's, each limited by the scope of the role that grants it: a target outside the
 * caller's scope answers 404, exactly like one that does not exist, so existence does not leak.
 */
@Component
public class AccessPolicy implements HandlerInterceptor {

    /** What the route's path variable {@code id} names, for the scope check. */
    enum Target { NONE, USER, ORGANIZATION, USER_LIST, ORGANIZATION_LIST }

    record Rule(Set<String> anyOf, Target target) {
        boolean authenticatedOnly() {
            return anyOf.isEmpty();
        }
    }

    private static final Set<String> USER_READ = Set.of("user.read", "crossorg_user.read", "user.all", "crossorg_user.all");
    private static final Set<String> USER_CREATE = Set.of("user.create", "crossorg_user.create", "user.all", "crossorg_user.all");
    private static final Set<String> USER_UPDATE = Set.of("user.update", "crossorg_user.update", "user.all", "crossorg_user.all");
    /** "Add/deactivate users": the delete-level permission; User Modify roles (update only) cannot. */
    private static final Set<String> USER_DEACTIVATE = Set.of("user.delete", "crossorg_user.delete", "user.all", "crossorg_user.all");
    private static final Set<String> ORG_READ = Set.of("org.read", "crossorg_org.read");
    private static final Set<String> ORG_CREATE = Set.of("org.create", "crossorg_org.create");
    private static final Set<String> ORG_UPDATE = Set.of("org.update_deactivate", "crossorg_org.update_deactivate");
    private static final Set<String> CLIENT_READ = Set.of("api_client.read");
    private static final Set<String> CLIENT_WRITE = Set.of("api_client.write");
    private static final Set<String> AUTHENTICATED = Set.of();
    /** Webhooks "need Customer Cloud Admin": the one permission only that role (and System Admin) holds. */
    private static final Set<String> CUSTOMER_CLOUD_ADMIN = Set.of("support_user.toggle_creation");

    /** Keyed by "METHOD path-pattern" exactly as the controllers map them. */
    static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("GET /api/v1/me", new Rule(AUTHENTICATED, Target.NONE)),
            Map.entry("GET /api/v1/roles", new Rule(AUTHENTICATED, Target.NONE)),
            Map.entry("GET /api/v1/roles/{roleId}", new Rule(AUTHENTICATED, Target.NONE)),
            Map.entry("GET /api/v1/permissions", new Rule(AUTHENTICATED, Target.NONE)),
            // custom roles: the guard further requires Customer Cloud Admin or System Admin
            Map.entry("POST /api/v1/roles", new Rule(AUTHENTICATED, Target.NONE)),
            Map.entry("PATCH /api/v1/roles/{roleId}", new Rule(AUTHENTICATED, Target.NONE)),
            Map.entry("DELETE /api/v1/roles/{roleId}", new Rule(AUTHENTICATED, Target.NONE)),

            Map.entry("GET /api/v1/users", new Rule(USER_READ, Target.USER_LIST)),
            Map.entry("POST /api/v1/users", new Rule(USER_CREATE, Target.NONE)),
            Map.entry("GET /api/v1/users/{id}", new Rule(USER_READ, Target.USER)),
            Map.entry("GET /api/v1/users/{id}/history", new Rule(USER_READ, Target.USER)),
            Map.entry("PATCH /api/v1/users/{id}", new Rule(USER_UPDATE, Target.USER)),
            Map.entry("POST /api/v1/users/{id}/move", new Rule(USER_UPDATE, Target.USER)),
            // role grants: the guard further requires Customer Cloud Admin (seed 001) or System Admin
            Map.entry("PUT /api/v1/users/{id}/roles/{roleId}", new Rule(USER_UPDATE, Target.USER)),
            Map.entry("DELETE /api/v1/users/{id}/roles/{roleId}", new Rule(USER_UPDATE, Target.USER)),
            Map.entry("POST /api/v1/users/{id}/invitation", new Rule(USER_UPDATE, Target.USER)),
            Map.entry("POST /api/v1/users/{id}/password-reset", new Rule(USER_UPDATE, Target.USER)),
            Map.entry("POST /api/v1/users/{id}/sign-out", new Rule(USER_UPDATE, Target.USER)),
            Map.entry("POST /api/v1/users/{id}/deactivate", new Rule(USER_DEACTIVATE, Target.USER)),
            Map.entry("POST /api/v1/users/{id}/reactivate", new Rule(USER_DEACTIVATE, Target.USER)),
            Map.entry("DELETE /api/v1/users/{id}", new Rule(USER_DEACTIVATE, Target.USER)),

            Map.entry("GET /api/v1/organizations", new Rule(ORG_READ, Target.ORGANIZATION_LIST)),
            Map.entry("POST /api/v1/organizations", new Rule(ORG_CREATE, Target.NONE)),
            Map.entry("GET /api/v1/organizations/{id}", new Rule(ORG_READ, Target.ORGANIZATION)),
            Map.entry("PATCH /api/v1/organizations/{id}", new Rule(ORG_UPDATE, Target.ORGANIZATION)),
            Map.entry("POST /api/v1/organizations/{id}/deactivate", new Rule(ORG_UPDATE, Target.ORGANIZATION)),
            Map.entry("POST /api/v1/organizations/{id}/reactivate", new Rule(ORG_UPDATE, Target.ORGANIZATION)),
            Map.entry("PUT /api/v1/organizations/{id}/retention", new Rule(ORG_UPDATE, Target.ORGANIZATION)),

            Map.entry("GET /api/v1/audit-log", new Rule(Set.of("auditlog.read"), Target.ORGANIZATION_LIST)),
            Map.entry("GET /api/v1/audit-log/export", new Rule(Set.of("auditlog.read"), Target.ORGANIZATION_LIST)),

            Map.entry("GET /api/v1/support-access", new Rule(AUTHENTICATED, Target.NONE)),
            Map.entry("PUT /api/v1/support-access", new Rule(Set.of("support_user.toggle_creation"), Target.NONE)),
            Map.entry("GET /api/v1/support-access/users", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),

            Map.entry("GET /api/v1/admin/processors", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("POST /api/v1/admin/processors/{name}/replay", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("GET /api/v1/admin/replays/{id}", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("GET /api/v1/seat-usage", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("GET /api/v1/seat-usage/history", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("GET /api/v1/seat-usage/export", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("PUT /api/v1/seat-usage/license", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            // SCIM: the identity provider's API client provisions users and roles across the environment
            Map.entry("GET /scim/v2/ServiceProviderConfig", new Rule(AUTHENTICATED, Target.NONE)),
            Map.entry("GET /scim/v2/ResourceTypes", new Rule(AUTHENTICATED, Target.NONE)),
            Map.entry("GET /scim/v2/ResourceTypes/{name}", new Rule(AUTHENTICATED, Target.NONE)),
            Map.entry("GET /scim/v2/Schemas", new Rule(AUTHENTICATED, Target.NONE)),
            Map.entry("GET /scim/v2/Schemas/{id}", new Rule(AUTHENTICATED, Target.NONE)),
            Map.entry("GET /scim/v2/Users", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("POST /scim/v2/Users", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("GET /scim/v2/Users/{id}", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("PUT /scim/v2/Users/{id}", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("PATCH /scim/v2/Users/{id}", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("DELETE /scim/v2/Users/{id}", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("GET /scim/v2/Groups", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("POST /scim/v2/Groups", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("GET /scim/v2/Groups/{id}", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("PUT /scim/v2/Groups/{id}", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("PATCH /scim/v2/Groups/{id}", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("DELETE /scim/v2/Groups/{id}", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),

            Map.entry("POST /api/v1/imports", new Rule(USER_CREATE, Target.NONE)),
            Map.entry("GET /api/v1/imports/{id}", new Rule(USER_CREATE, Target.NONE)),
            Map.entry("GET /api/v1/imports/{id}/errors.csv", new Rule(USER_CREATE, Target.NONE)),
            Map.entry("GET /api/v1/settings/allowed-domains", new Rule(AUTHENTICATED, Target.NONE)),
            Map.entry("PUT /api/v1/settings/allowed-domains", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("PUT /api/v1/organizations/{id}/seat-limit", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("POST /api/v1/users/{id}/activity", new Rule(USER_UPDATE, Target.USER)),

            Map.entry("GET /api/v1/webhooks", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("POST /api/v1/webhooks", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("GET /api/v1/webhooks/event-types", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("GET /api/v1/webhooks/{id}", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("PATCH /api/v1/webhooks/{id}", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("DELETE /api/v1/webhooks/{id}", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("POST /api/v1/webhooks/{id}/rotate-secret", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("POST /api/v1/webhooks/{id}/test", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("GET /api/v1/webhooks/{id}/deliveries", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),
            Map.entry("POST /api/v1/webhooks/{id}/redeliver", new Rule(CUSTOMER_CLOUD_ADMIN, Target.NONE)),

            Map.entry("GET /api/v1/api-clients", new Rule(CLIENT_READ, Target.NONE)),
            Map.entry("GET /api/v1/api-clients/{id}", new Rule(CLIENT_READ, Target.NONE)),
            Map.entry("POST /api/v1/api-clients", new Rule(CLIENT_WRITE, Target.NONE)),
            Map.entry("PUT /api/v1/api-clients/{id}/roles/{roleId}", new Rule(CLIENT_WRITE, Target.NONE)),
            Map.entry("DELETE /api/v1/api-clients/{id}/roles/{roleId}", new Rule(CLIENT_WRITE, Target.NONE)),
            Map.entry("POST /api/v1/api-clients/{id}/rotate-secret", new Rule(CLIENT_WRITE, Target.NONE)),
            Map.entry("POST /api/v1/api-clients/{id}/sign-out", new Rule(CLIENT_WRITE, Target.NONE)),
            Map.entry("DELETE /api/v1/api-clients/{id}", new Rule(CLIENT_WRITE, Target.NONE)));

    /** The one public API route: setting a password with a one-time link (the link is the credential). */
    static final String ACTIVATION = "/api/v1/activation";

    private final Principals principals;

    AccessPolicy(Principals principals) {
        this.principals = principals;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null || !(pattern.toString().startsWith("/api/") || pattern.toString().startsWith("/scim/"))
                || ("POST".equals(request.getMethod()) && ACTIVATION.equals(pattern.toString()))) {
            return true; // not an API route (errors, 404s) or the public activation route
        }
        Optional<Caller> authenticated = CallerAuthentication.current();
        if (authenticated.isEmpty()) {
            ProblemResponses.write(request, response, 401, "unauthenticated", "this endpoint needs a bearer token");
            return false;
        }
        Caller caller = authenticated.get();
        Rule rule = RULES.get(request.getMethod() + " " + pattern);
        if (rule == null) {
            return deny(request, response, "no permission grants " + request.getMethod() + " " + pattern);
        }
        if (rule.authenticatedOnly()) {
            return true;
        }
        Optional<RoleScope> scope = caller.scopeFor(rule.anyOf());
        if (scope.isEmpty()) {
            return deny(request, response, "needs one of the permissions " + rule.anyOf().stream().sorted().toList());
        }
        return withinScope(request, response, caller, scope.get(), rule.target());
    }

    private boolean withinScope(HttpServletRequest request, HttpServletResponse response, Caller caller,
                                RoleScope scope, Target target) throws IOException {
        if (target == Target.NONE) {
            return true;
        }
        if (scope == RoleScope.ALL_ORGANIZATIONS) {
            // said explicitly: a list query that finds no scope at all refuses instead of showing everything
            request.setAttribute(AccessScope.ALL_ORGANIZATIONS, Boolean.TRUE);
            return true;
        }
        String id = pathVariable(request, "id");
        switch (target) {
            case USER_LIST, ORGANIZATION_LIST -> {
                if (scope == RoleScope.ASSIGNED_USER) {
                    request.setAttribute(AccessScope.SELF, caller.principalId());
                } else {
                    request.setAttribute(AccessScope.ORGANIZATION_SUBTREE, caller.organizationId());
                }
                return true;
            }
            case USER -> {
                // what is shown of the user may depend on where they sat (their history): say how far the caller sees
                if (scope == RoleScope.ASSIGNED_USER) {
                    request.setAttribute(AccessScope.SELF, caller.principalId());
                } else {
                    request.setAttribute(AccessScope.ORGANIZATION_SUBTREE, caller.organizationId());
                }
                // a deleted user is judged by the organization they sat in; an unknown one is hidden like any other
                boolean visible = scope == RoleScope.ASSIGNED_USER ? caller.principalId().equals(id)
                        : principals.organizationOfUser(id)
                                .map(organization -> principals.withinSubtree(organization, caller.organizationId()))
                                .orElse(false);
                return visible || hide(request, response, "user", id);
            }
            case ORGANIZATION -> {
                boolean visible = scope != RoleScope.ASSIGNED_USER && principals.withinSubtree(id, caller.organizationId());
                return visible || hide(request, response, "organization", id);
            }
            default -> {
                return true;
            }
        }
    }

    private static String pathVariable(HttpServletRequest request, String name) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables instanceof Map<?, ?> map && map.get(name) != null ? map.get(name).toString() : null;
    }

    private static boolean hide(HttpServletRequest request, HttpServletResponse response, String resource, String id)
            throws IOException {
        ProblemResponses.write(request, response, 404, resource + "-not-found", resource + " " + id + " does not exist");
        return false;
    }

    private static boolean deny(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        ProblemResponses.write(request, response, 403, "forbidden", "the caller's roles do not permit this: " + detail);
        return false;
    }

    /** For documentation and tests: every mapped route. */
    static List<String> routes() {
        return RULES.keySet().stream().sorted().toList();
    }
}
