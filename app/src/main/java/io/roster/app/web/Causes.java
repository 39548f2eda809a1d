package io.roster.app.web;

import java.util.function.Predicate;

/** Questions about a failure's cause chain (frameworks wrap the SQL error that decides the answer). */
final class Causes {

    private Causes() {
    }

    static boolean any(Throwable failure, Predicate<Throwable> test) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }
}
