package io.roster.command.user;

import io.roster.command.common.CommandLookups;
import io.roster.events.user.UserDeactivated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A deactivated person's open invitation and password-reset links stop working for good, in the deactivation's own
 * transaction: a link mailed before the deactivation must not set a password after a reactivation (whoever held
 * the mailbox then may no longer be the person). A reactivated person gets a new link by a new reset.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class LinksEndWithDeactivation {

    private final JdbcClient jdbc;

    LinksEndWithDeactivation(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserDeactivated event) {
        jdbc.sql("UPDATE activation_token SET used_at = now() WHERE user_id = ? AND used_at IS NULL")
                .param(event.userId()).update();
    }
}
