package io.roster.app.webhook;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A subscription's deliveries and their attempts, as the API shows them and sends them again. */
@Repository
class WebhookDeliveries {

    private final JdbcClient jdbc;

    WebhookDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void enqueue(String subscriptionId, String messageId, String eventType, String payload) {
        WebhookOutbox.enqueue(jdbc, subscriptionId, messageId, eventType, payload);
    }

    /** Newest first, below {@code cursor} (a delivery id; null: from the newest), at most {@code limit}. */
    List<Map<String, Object>> page(String subscriptionId, String status, Long cursor, int limit) {
        return jdbc.sql("""
                        SELECT id, message_id, event_type, status, attempts, next_attempt_at, created_at, delivered_at
                        FROM webhook_delivery WHERE subscription_id = :id AND (CAST(:status AS text) IS NULL OR status = :status)
                          AND (CAST(:cursor AS bigint) IS NULL OR id < :cursor)
                        ORDER BY id DESC LIMIT :limit""")
                .param("id", subscriptionId).param("status", status).param("cursor", cursor).param("limit", limit)
                .query((rs, row) -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("id", rs.getLong("id"));
                    item.put("messageId", rs.getString("message_id"));
                    item.put("eventType", rs.getString("event_type"));
                    item.put("status", rs.getString("status"));
                    item.put("attempts", rs.getInt("attempts"));
                    item.put("nextAttemptAt", instant(rs.getObject("next_attempt_at", OffsetDateTime.class)));
                    item.put("createdAt", instant(rs.getObject("created_at", OffsetDateTime.class)));
                    item.put("deliveredAt", instant(rs.getObject("delivered_at", OffsetDateTime.class)));
                    return item;
                }).list();
    }

    List<Map<String, Object>> attempts(long deliveryId) {
        return jdbc.sql("SELECT attempted_at, status_code, latency_ms, response, error"
                        + " FROM webhook_attempt WHERE delivery_id = ? ORDER BY id")
                .param(deliveryId)
                .query((rs, row) -> {
                    Map<String, Object> attempt = new LinkedHashMap<>();
                    attempt.put("at", instant(rs.getObject("attempted_at", OffsetDateTime.class)));
                    attempt.put("statusCode", rs.getObject("status_code"));
                    attempt.put("latencyMs", rs.getObject("latency_ms"));
                    attempt.put("response", rs.getString("response"));
                    attempt.put("error", rs.getString("error"));
                    return attempt;
                }).list();
    }

    /** Pending again, now, from its first attempt; false when the subscription has no such delivery. */
    boolean redeliver(String subscriptionId, long deliveryId) {
        return jdbc.sql("UPDATE webhook_delivery SET status = 'PENDING', next_attempt_at = now(), attempts = 0,"
                + " claimed_until = NULL WHERE id = ? AND subscription_id = ?").params(deliveryId, subscriptionId).update() > 0;
    }

    /** Every dead letter of the subscription created since the moment, pending again; how many. */
    int redeliverDeadSince(String subscriptionId, Instant since) {
        return jdbc.sql("UPDATE webhook_delivery SET status = 'PENDING', next_attempt_at = now(), attempts = 0,"
                        + " claimed_until = NULL WHERE subscription_id = ? AND status = 'DEAD' AND created_at >= ?")
                .params(subscriptionId, since.atOffset(ZoneOffset.UTC)).update();
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
