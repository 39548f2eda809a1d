package io.roster.command.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code If-Match} headers carrying aggregate versions as strong ETags ({@code "3"}). */
public final class Preconditions {

    private static final Pattern ETAG = Pattern.compile("^\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*$");

    private Preconditions() {
    }

    /** The version the caller expects, or null when there is no header or it is {@code *}. */
    public static Long expectedVersion(String ifMatch) {
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

    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
