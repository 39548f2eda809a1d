package io.roster.app.webhook;

import io.roster.command.common.CommandLookups;
import io.roster.events.user.UserDeleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Webhook deliveries about a deleted person keep their facts (ids, event type, times, outcome) but lose the
 * person's fields, sent or not, in the transaction that appends {@link UserDeleted}.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class WebhookDeliveriesOfDeletedPeople {

    private final JdbcClient jdbc;

    WebhookDeliveriesOfDeletedPeople(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserDeleted event) {
        // both find the deliveries through the index on the payload's userId (V15)
        jdbc.sql("""
                        UPDATE webhook_delivery
                        SET payload = (payload::jsonb #- '{data,username}' #- '{data,firstName}' #- '{data,lastName}'
                                       #- '{data,reason}' #- '{data,externalId}')::text
                        WHERE payload::jsonb -> 'data' ->> 'userId' = ?""")
                .param(event.userId()).update();
        // a receiver's answer (its first 1 KB is kept per attempt) may echo the payload back
        jdbc.sql("""
                        UPDATE webhook_attempt SET response = NULL
                        WHERE response IS NOT NULL AND delivery_id IN (
                            SELECT id FROM webhook_delivery WHERE payload::jsonb -> 'data' ->> 'userId' = ?)""")
                .param(event.userId()).update();
    }
}
