package io.roster.api;

/**
 * Request attributes by which the access policy narrows what list queries may return to the caller's scope.
 * Absent attributes mean "all organizations".
 */
public final class AccessScope {

    /** The caller may see only this organization and its descendants. */
    public static final String ORGANIZATION_SUBTREE = "roster.scope.organizationSubtree";
    /** The caller may see only itself (a role scoped to the assigned user). */
    public static final String SELF = "roster.scope.self";

    private AccessScope() {
    }
}
