package io.roster.command.access;

/**
 * No lock-out: the last active holder of Customer Cloud Admin (person or API client) cannot be deactivated,
 * deleted or stripped of the role.
 */
public interface AdminGuard {

    /** Refuses with 409 {@code last-admin} unless another active principal holds Customer Cloud Admin. */
    void requireAnotherActiveAdmin(String principalId);
}
