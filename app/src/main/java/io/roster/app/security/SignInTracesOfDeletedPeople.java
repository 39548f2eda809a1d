package io.roster.app.security;

import io.roster.command.common.CommandLookups;
import io.roster.events.user.UserDeleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What signing in left of a deleted person goes with them, in the transaction that appends {@link UserDeleted}:
 * their sessions of the login page and console (a session keeps the username they signed in with for the console's
 * header, and one not used again would keep it until it expires; a session's principal name is the person's id),
 * the authorizations issued to them, and the keyed hash of the username their sign-ins were recorded with.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class SignInTracesOfDeletedPeople {

    private final JdbcClient jdbc;

    SignInTracesOfDeletedPeople(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserDeleted event) {
        // the attributes go with their session (ON DELETE CASCADE)
        jdbc.sql("DELETE FROM spring_session WHERE principal_name = ?").param(event.userId()).update();
        // their codes, access and refresh tokens: nobody may use them again
        jdbc.sql("DELETE FROM oauth2_authorization WHERE principal_name = ?").param(event.userId()).update();
        // the sign-ins stay (the audit log shows them, by id); the hash would still confirm a guessed username
        jdbc.sql("UPDATE sign_in SET username_hash = NULL WHERE principal_id = ? AND username_hash IS NOT NULL")
                .param(event.userId()).update();
    }
}
