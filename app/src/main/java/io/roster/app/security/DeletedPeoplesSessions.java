package io.roster.app.security;

import io.roster.command.common.CommandLookups;
import io.roster.events.user.UserDeleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A deleted person's sessions of the login page and console, and the authorizations issued to them, go with them, in the transaction that appends
 * {@link UserDeleted}: a session keeps the username they signed in with (the console's header), and a session not
 * used again would otherwise keep it until it expires. A session's principal name is the person's id.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class DeletedPeoplesSessions {

    private final JdbcClient jdbc;

    DeletedPeoplesSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserDeleted event) {
        // the attributes go with their session (ON DELETE CASCADE)
        jdbc.sql("DELETE FROM spring_session WHERE principal_name = ?").param(event.userId()).update();
        // their issued authorizations (codes, access and refresh tokens) too: nobody may use them again
        jdbc.sql("DELETE FROM oauth2_authorization WHERE principal_name = ?").param(event.userId()).update();
    }
}
