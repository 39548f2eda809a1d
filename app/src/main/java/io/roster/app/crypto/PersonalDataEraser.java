package io.roster.app.crypto;

import io.roster.command.common.CommandLookups;
import io.roster.events.user.UserDeleted;
import io.roster.events.user.UserExternalIdChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Destroys a deleted user's data key and snapshots in the transaction that appends {@link UserDeleted}. The
 * packages owning other tables erase the person there with handlers of their own (links and password, mail,
 * webhook deliveries, import results, sessions).
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class PersonalDataEraser {

    private final PersonalDataVault vault;
    private final JdbcClient jdbc;

    PersonalDataEraser(PersonalDataVault vault, JdbcClient jdbc) {
        this.vault = vault;
        this.jdbc = jdbc;
    }

    /** The key goes, and with it the snapshots (links and password: the user package's own handler). */
    @EventHandler
    void on(UserDeleted event) {
        vault.destroy(event.dataSubjectId());
        // aggregate snapshots hold the names too (encrypted, so unreadable now; but they need not linger)
        jdbc.sql("DELETE FROM snapshotevententry WHERE aggregateidentifier = ?").param(event.userId()).update();
        // external ids were stored in clear before they were marked personal data: such events lose the value (the
        // only change ever made to a stored event; the fact that an id was set stays)
        jdbc.sql("""
                        UPDATE domainevententry
                        SET payload = convert_to(jsonb_set(convert_from(payload, 'UTF8')::jsonb, '{externalId}', 'null')::text,
                                                 'UTF8')
                        WHERE aggregateidentifier = ? AND payloadtype = ?
                          AND convert_from(payload, 'UTF8')::jsonb ->> 'externalId' NOT LIKE 'pii:%'""")
                .params(event.userId(), UserExternalIdChanged.class.getName()).update();
    }
}
