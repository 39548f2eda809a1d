package io.roster.app.crypto;

import io.roster.command.common.CommandLookups;
import io.roster.events.user.UserDeleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Destroys a deleted user's data key, snapshots, mail, links and password in the transaction that appends {@link UserDeleted}. */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class PersonalDataEraser {

    private final PersonalDataVault vault;
    private final JdbcClient jdbc;

    PersonalDataEraser(PersonalDataVault vault, JdbcClient jdbc) {
        this.vault = vault;
        this.jdbc = jdbc;
    }

    /** The key goes, and with it every other trace of the person outside the event store. */
    @EventHandler
    void on(UserDeleted event) {
        vault.destroy(event.dataSubjectId());
        // aggregate snapshots hold the names too (encrypted, so unreadable now; but they need not linger)
        jdbc.sql("DELETE FROM snapshotevententry WHERE aggregateidentifier = ?").param(event.userId()).update();
        jdbc.sql("DELETE FROM mail_outbox WHERE user_id = ?").param(event.userId()).update();
        jdbc.sql("DELETE FROM activation_token WHERE user_id = ?").param(event.userId()).update();
        jdbc.sql("DELETE FROM user_credential WHERE user_id = ?").param(event.userId()).update();
        // webhook payloads about the person keep their facts but lose the personal fields, sent or not
        jdbc.sql("""
                        UPDATE webhook_delivery
                        SET payload = (payload::jsonb #- '{data,username}' #- '{data,firstName}' #- '{data,lastName}'
                                       #- '{data,reason}')::text
                        WHERE payload::jsonb -> 'data' ->> 'userId' = ?""")
                .param(event.userId()).update();
    }
}
