package io.roster.app.imports;

import io.roster.command.common.CommandLookups;
import io.roster.events.user.UserDeleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Import results outlive the people they name: a deleted user's rows keep their outcome but lose the username
 * (their reasons quote it too), in the transaction that appends {@link UserDeleted}. Reports then show the user id.
 * A job's uploader needs nothing here: for a person, {@code import_job.actor_username} is null (only API clients
 * have a login).
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class ImportRowEraser {

    private final JdbcClient jdbc;

    ImportRowEraser(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserDeleted event) {
        // rows that name the user by id, and the rows of the same jobs that repeated their username (refused
        // before any user was looked up, so without an id)
        jdbc.sql("""
                        WITH named AS (SELECT job_id, lower(username) AS username FROM import_row
                                       WHERE user_id = :user AND username IS NOT NULL)
                        UPDATE import_row r
                        SET reason = replace(replace(r.reason, r.username, :user), lower(r.username), :user),
                            username = NULL, fields = NULL, user_id = coalesce(r.user_id, :user)
                        FROM named
                        WHERE r.job_id = named.job_id AND lower(r.username) = named.username""")
                .param("user", event.userId()).update();
    }
}
