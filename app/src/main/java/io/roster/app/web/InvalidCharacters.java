package io.roster.app.web;

import java.sql.SQLException;

/**
 * A value PostgreSQL cannot store in text (a NUL character, an unpaired surrogate): the caller's mistake, found
 * only when the statement runs. The transaction rolled back, so nothing was written.
 */
public final class InvalidCharacters {

    /** character_not_in_repertoire, untranslatable_character, invalid byte sequence */
    private static final java.util.Set<String> STATES = java.util.Set.of("22021", "22P05");

    private InvalidCharacters() {
    }

    public static boolean causedBy(Throwable failure) {
        return Causes.any(failure, cause -> cause instanceof SQLException sql && sql.getSQLState() != null
                && STATES.contains(sql.getSQLState()));
    }

    public static final String DETAIL = "the request contains characters that cannot be stored (such as NUL, \\u0000);"
            + " nothing was changed";
}
