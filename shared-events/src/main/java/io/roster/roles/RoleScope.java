package io.roster.roles;

/** How far a role's permissions reach (seed 002, "Scope of permissions"). */
public enum RoleScope {
    /** Only the user who holds the role. */
    ASSIGNED_USER,
    /** The holder's organization and its child organizations. */
    ORGANIZATION_AND_CHILDREN,
    /** Every organization of the environment. */
    ALL_ORGANIZATIONS
}
