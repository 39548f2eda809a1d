package io.roster.command.testing;

import io.roster.command.organization.OrganizationDirectory;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link OrganizationDirectory} in memory: organization states and parents set up by the test, active user
 * counts set explicitly, active children counted from the parent links. Organizations not set up are
 * {@link State#UNKNOWN}.
 */
public class InMemoryOrganizationDirectory implements OrganizationDirectory {

    private final Map<String, State> states = new HashMap<>();
    private final Map<String, String> parents = new HashMap<>();
    private final Map<String, Long> activeUsers = new HashMap<>();
    private int hierarchyLocks;

    /** Test setup: an organization without parent (e.g. the root). */
    public InMemoryOrganizationDirectory with(String organizationId, State state) {
        states.put(organizationId, state);
        return this;
    }

    /** Test setup: an organization under {@code parentId}. */
    public InMemoryOrganizationDirectory with(String organizationId, State state, String parentId) {
        states.put(organizationId, state);
        parents.put(organizationId, parentId);
        return this;
    }

    /** Test setup: the organization does not exist (yet). */
    public InMemoryOrganizationDirectory without(String organizationId) {
        states.remove(organizationId);
        parents.remove(organizationId);
        return this;
    }

    /** Test setup: how many active users sit in the organization. */
    public InMemoryOrganizationDirectory withActiveUsers(String organizationId, long count) {
        activeUsers.put(organizationId, count);
        return this;
    }

    @Override
    public State lockForMembership(String organizationId) {
        return states.getOrDefault(organizationId, State.UNKNOWN);
    }

    @Override
    public State lockForDeactivation(String organizationId) {
        return states.getOrDefault(organizationId, State.UNKNOWN);
    }

    @Override
    public long activeUsersIn(String organizationId) {
        return activeUsers.getOrDefault(organizationId, 0L);
    }

    @Override
    public long activeChildrenOf(String organizationId) {
        return parents.entrySet().stream()
                .filter(entry -> Objects.equals(entry.getValue(), organizationId))
                .filter(entry -> states.get(entry.getKey()) == State.ACTIVE)
                .count();
    }

    @Override
    public void lockHierarchy() {
        hierarchyLocks++;
    }

    @Override
    public void shareHierarchy() {
        // one thread, nothing to hold off
    }

    @Override
    public boolean isWithinSubtree(String candidate, String ancestor) {
        String current = candidate;
        for (int hops = 0; current != null && hops <= parents.size(); hops++) {
            if (current.equals(ancestor)) {
                return true;
            }
            current = parents.get(current);
        }
        return false;
    }

    /** How often {@link #lockHierarchy()} was called. */
    public int hierarchyLocks() {
        return hierarchyLocks;
    }

    private boolean supportAccess;

    public InMemoryOrganizationDirectory withSupportAccess(boolean enabled) {
        this.supportAccess = enabled;
        return this;
    }

    @Override
    public boolean supportAccessEnabled() {
        return supportAccess;
    }

    private java.util.List<String> allowedDomains = java.util.List.of();

    public InMemoryOrganizationDirectory withAllowedDomains(String... domains) {
        this.allowedDomains = java.util.List.of(domains);
        return this;
    }

    @Override
    public java.util.List<String> allowedDomains() {
        return allowedDomains;
    }
}
