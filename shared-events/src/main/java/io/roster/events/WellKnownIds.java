package io.roster.events;

/** Ids that every node knows without asking: things created exactly once per environment. */
public final class WellKnownIds {

    /** The API client created at the first start of an empty environment, holding Customer Cloud Admin. */
    public static final String BOOTSTRAP_API_CLIENT = "00000000-0000-0000-0000-0000000000c1";

    private WellKnownIds() {
    }
}
