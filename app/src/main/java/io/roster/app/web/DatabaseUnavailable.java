package io.roster.app.web;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;

/**
 * PostgreSQL cannot be reached, or every pooled connection is busy for longer than the pool waits: Roster is
 * unavailable for a moment, not broken. Such failures answer 503 with Retry-After; nothing was written.
 */
public final class DatabaseUnavailable {

    public static final String RETRY_AFTER_SECONDS = "5";
    public static final String DETAIL = "the database is unreachable or overloaded at the moment; nothing was changed."
            + " Retry after a few seconds";

    private DatabaseUnavailable() {
    }

    public static boolean causedBy(Throwable failure) {
        return Causes.any(failure, cause -> cause instanceof SQLTransientConnectionException
                || cause instanceof CannotCreateTransactionException
                || cause instanceof DataAccessResourceFailureException || cause instanceof ConnectException
                || (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("57P01"))));
    }
}
