package io.roster.events;

/** Well-known organization ids. */
public final class OrganizationIds {

    /**
     * The root organization: created once at first start, default organization for new users, parent of
     * every organization created without one. Fixed so that every node agrees on it without coordination.
     */
    public static final String ROOT = "00000000-0000-0000-0000-0000000000a1";

    private OrganizationIds() {
    }
}
