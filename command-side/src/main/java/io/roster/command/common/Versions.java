package io.roster.command.common;

/** Optimistic concurrency: an aggregate's version is the number of its events. */
public final class Versions {

    private Versions() {
    }

    /** Refuses when the caller expected another version ({@code expected == null} means "don't care"). */
    public static void check(Long expected, long actual) {
        if (expected != null && expected != actual) {
            throw Refusal.staleVersion(expected, actual);
        }
    }
}
