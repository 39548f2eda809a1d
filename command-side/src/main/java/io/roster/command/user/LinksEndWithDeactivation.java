package io.roster.command.user;

import io.roster.command.common.CommandLookups;
import io.roster.events.user.UserDeactivated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * A deactivated person's open invitation and password-reset links stop working for good, in the deactivation's own
 * transaction: a link mailed before the deactivation must not set a password after a reactivation (whoever held
 * the mailbox then may no longer be the person). A reactivated person gets a new link by a new reset.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class LinksEndWithDeactivation {

    private final Credentials credentials;

    LinksEndWithDeactivation(Credentials credentials) {
        this.credentials = credentials;
    }

    @EventHandler
    void on(UserDeactivated event) {
        credentials.endOpenLinks(event.userId());
    }
}
