package io.roster.api;

/**
 * Request attributes by which the access policy tells list queries how far the caller sees. Exactly one is set on
 * every request the policy let through; a query that finds none refuses (scope fails closed).
 */
public final class AccessScope {

    /** The caller sees every organization. */
    public static final String ALL_ORGANIZATIONS = "roster.scope.allOrganizations";
    /** The caller may see only this organization and its descendants. */
    public static final String ORGANIZATION_SUBTREE = "roster.scope.organizationSubtree";
    /** The caller may see only itself (a role scoped to the assigned user). */
    public static final String SELF = "roster.scope.self";

    private AccessScope() {
    }
}
