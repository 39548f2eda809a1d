package io.roster.api;

import java.time.Instant;

/** The Support Access switch (seed 003): who changed it last and when; {@code version} is the root's version. */
public record SupportAccessView(boolean enabled, Instant changedAt, Actor changedBy, long version) {

    public record Actor(String id, String type, String username) {
    }
}
