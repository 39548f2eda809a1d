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

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Subscriptions as the outbox and the dispatcher read them, kept in the command's transaction. */
@Component
@ProcessingGroup(CommandLookups.GROUP)
public class WebhookRegistry {

    /** A subscription as the API shows it (never its secret). */
    public record Subscription(String id, String url, List<String> eventTypes, String description, boolean enabled,
                               String disabledReason, Instant createdAt, Instant updatedAt) {
    }

    private static final String SELECT = "SELECT subscription_id, url, event_types, description, enabled, disabled_reason,"
            + " created_at, updated_at FROM webhook_subscription";

    private final JdbcClient jdbc;

    WebhookRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Subscription> all() {
        return jdbc.sql(SELECT + " ORDER BY created_at, subscription_id").query(this::map).list();
    }

    public List<Subscription> enabled() {
        return jdbc.sql(SELECT + " WHERE enabled ORDER BY created_at, subscription_id").query(this::map).list();
    }

    public Optional<Subscription> find(String id) {
        return jdbc.sql(SELECT + " WHERE subscription_id = ?").param(id).query(this::map).optional();
    }

    private Subscription map(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getString(1), rs.getString(2), Arrays.asList((String[]) rs.getArray(3).getArray()),
                rs.getString(4), rs.getBoolean(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getObject(8, OffsetDateTime.class).toInstant());
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
