package io.roster.app.mail;

import io.roster.command.common.CommandLookups;
import io.roster.events.user.UserDeleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every e-mail to a deleted person goes, sent or not, in the transaction that appends {@link UserDeleted}: an unsent
 * one holds their address, name and a link. Mails to others that name them hold only their id
 * ({@link MailOutbox#MENTIONED}) and name them by it from now on.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class MailOfDeletedPeople {

    private final JdbcClient jdbc;

    MailOfDeletedPeople(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserDeleted event) {
        jdbc.sql("DELETE FROM mail_outbox WHERE user_id = ?").param(event.userId()).update();
    }
}
