package io.roster.command.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code If-Match} headers carrying aggregate versions as strong ETags ({@code "3"}). An ETag counts the
 * aggregate's events; Axon's aggregate version ({@code @TargetAggregateVersion}) is the sequence number of the last
 * one, counted from 0. The two meet only here, at the edge.
 */
public final class Preconditions {

    private static final Pattern ETAG = Pattern.compile("^\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*$");

    private Preconditions() {
    }

    /** The version the caller's ETag names, or null when there is no header or it is {@code *}. */
    public static Long etagVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        Matcher matcher = ETAG.matcher(ifMatch);
        if (!matcher.matches()) {
            throw Refusal.invalid("If-Match", "invalid-if-match",
                    "If-Match must be one ETag as returned by Roster, e.g. \"3\"");
        }
        return Long.parseLong(matcher.group(1));
    }

    /** What a command's {@code @TargetAggregateVersion} carries for this {@code If-Match}, or null. */
    public static Long aggregateVersion(String ifMatch) {
        return aggregateVersionOf(etagVersion(ifMatch));
    }

    /** Axon's aggregate version for an ETag's version (null stays null: no precondition). */
    public static Long aggregateVersionOf(Long etagVersion) {
        return etagVersion == null ? null : etagVersion - 1;
    }

    /** The ETag's version for Axon's aggregate version. */
    public static long etagVersionOf(long aggregateVersion) {
        return aggregateVersion + 1;
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
