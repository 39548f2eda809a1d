package io.roster.command.organization;

import java.util.List;

import io.roster.command.common.Refusal;

/**
 * Set-based facts about organizations that one aggregate cannot know: whether another organization exists
 * and is active, how many active users and children it has, and the shape of the tree. Read inside the
 * command's transaction with row locks, so that two commands cannot both pass a check that only one of them
 * may pass (e.g. deactivating an organization while a user is created in it).
 */
public interface OrganizationDirectory {

    enum State {
        UNKNOWN, ACTIVE, DEACTIVATED;

        /** Refuses an organization that does not exist, or, when {@code activeMember}, one that is deactivated. */
        public void requireFor(String organization, boolean activeMember) {
            if (this == UNKNOWN) {
                throw Refusal.unprocessable("organizationId", "organization-not-found",
                        "organization " + organization + " does not exist");
            }
            if (activeMember && this == DEACTIVATED) {
                throw Refusal.conflict("organization-deactivated",
                        "organization " + organization + " is deactivated", "organizationId");
            }
        }
    }

    /** State of the organization, locked against deactivation until the transaction ends. */
    State lockForMembership(String organizationId);

    /** State of the organization, locked against new members until the transaction ends. */
    State lockForDeactivation(String organizationId);

    long activeUsersIn(String organizationId);

    long activeChildrenOf(String organizationId);

    /** Serializes changes to the shape of the tree, so that two concurrent moves cannot make a cycle. */
    void lockHierarchy();

    /**
     * Holds moves off until the transaction ends, for a new organization: a move rewrites its subtree's paths in one
     * statement that sees only organizations committed before it began, so a child created under a moving
     * organization (or one of its descendants) must have committed before the move, or be created after it.
     */
    void shareHierarchy();

    /**
     * Whether Support Access is enabled, locked against a toggle until the transaction ends (so no support user
     * is created or reactivated by a command that raced a toggle to "disabled").
     */
    boolean supportAccessEnabled();

    /**
     * The allowed username domains (empty: any), locked against a change until the transaction ends (so no user
     * slips in under a rule that a racing command just replaced).
     */
    List<String> allowedDomains();

    /** Whether {@code candidate} is {@code ancestor} itself or one of its descendants. */
    boolean isWithinSubtree(String candidate, String ancestor);
}
