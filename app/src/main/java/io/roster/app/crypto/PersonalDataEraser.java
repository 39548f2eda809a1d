package io.roster.app.crypto;

import io.roster.command.common.CommandLookups;
import io.roster.events.user.UserDeleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/** Destroys a deleted user's data key in the same transaction that appends {@link UserDeleted}. */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class PersonalDataEraser {

    private final PersonalDataVault vault;

    PersonalDataEraser(PersonalDataVault vault) {
        this.vault = vault;
    }

    @EventHandler
    void on(UserDeleted event) {
        vault.destroy(event.dataSubjectId());
    }
}
