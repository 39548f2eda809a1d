package io.roster.command.access;

import java.util.Collection;

/**
 * Checks on what a command's body refers to, which the route-level access policy cannot see: that a referenced
 * organization is within the caller's scope, and that the caller may grant the roles it names.
 */
public interface AccessGuard {

    /** Refuses an organization outside the caller's scope exactly as an unknown one (422, no existence leak). */
    void requireOrganizationInScope(String field, String organizationId, String... permissions);

    /**
     * Privilege containment for a change to a person that is not a command (a reported activity): refused unless
     * the caller could send a command to change them.
     */
    void requireMayChangeUser(String userId);

    /** Whether the caller holds one of {@code permissions} as far as {@code organizationId}. */
    boolean permits(String organizationId, String... permissions);

    /** Only Customer Cloud Admins (and System Admins) create, change and delete custom roles. */
    void requireRoleAdministrator();

    /**
     * Refuses (403 naming them) the permissions among {@code permissions} that the caller does not hold for all
     * organizations: what goes into a role can be handed to anyone, anywhere.
     */
    void requireHoldsEverywhere(String field, Collection<String> permissions);

    /** Only Customer Cloud Admins (and System Admins) grant roles; only System Admins grant System Admin. */
    void requireMayGrant(Collection<String> roleIds);
}
