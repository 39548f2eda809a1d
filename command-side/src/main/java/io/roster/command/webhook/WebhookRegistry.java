package io.roster.command.webhook;

import io.roster.command.common.CommandLookups;
import io.roster.events.webhook.WebhookSubscribed;
import io.roster.events.webhook.WebhookSubscriptionChanged;
import io.roster.events.webhook.WebhookSubscriptionDisabled;
import io.roster.events.webhook.WebhookUnsubscribed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Subscriptions as the outbox and the dispatcher read them, kept in the command's transaction. */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class WebhookRegistry {

    private final JdbcClient jdbc;

    WebhookRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(WebhookSubscribed event) {
        jdbc.sql("""
                        INSERT INTO webhook_subscription (subscription_id, url, event_types, description, enabled)
                        VALUES (?, ?, string_to_array(?, ','), ?, ?) ON CONFLICT (subscription_id) DO NOTHING""")
                .params(event.subscriptionId(), event.url(), String.join(",", event.eventTypes()), event.description(),
                        event.enabled())
                .update();
    }

    @EventHandler
    void on(WebhookSubscriptionChanged event) {
        jdbc.sql("""
                        UPDATE webhook_subscription SET url = ?, event_types = string_to_array(?, ','), description = ?,
                               enabled = ?, disabled_reason = CASE WHEN ? THEN NULL ELSE disabled_reason END,
                               updated_at = now()
                        WHERE subscription_id = ?""")
                .params(event.url(), String.join(",", event.eventTypes()), event.description(), event.enabled(),
                        event.enabled(), event.subscriptionId())
                .update();
    }

    @EventHandler
    void on(WebhookSubscriptionDisabled event) {
        jdbc.sql("UPDATE webhook_subscription SET enabled = false, disabled_reason = ?, updated_at = now()"
                + " WHERE subscription_id = ?").params(event.reason(), event.subscriptionId()).update();
    }

    @EventHandler
    void on(WebhookUnsubscribed event) {
        jdbc.sql("DELETE FROM webhook_subscription WHERE subscription_id = ?").param(event.subscriptionId()).update();
    }
}
