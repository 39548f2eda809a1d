package io.roster.command.user;

import io.roster.command.common.CommandLookups;
import io.roster.events.user.UserDeleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A deleted person's links and password go in the deletion's own transaction. */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class CredentialsOfDeletedPeople {

    private final JdbcClient jdbc;

    CredentialsOfDeletedPeople(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserDeleted event) {
        jdbc.sql("DELETE FROM activation_token WHERE user_id = ?").param(event.userId()).update();
        jdbc.sql("DELETE FROM user_credential WHERE user_id = ?").param(event.userId()).update();
    }
}
