package io.roster.app.webhook;

import io.roster.app.mail.MailOutbox;
import io.roster.command.common.PeriodicTask;
import io.roster.command.common.RequestActor;
import io.roster.command.webhook.WebhookCommands.DisableSubscription;
import io.roster.command.webhook.WebhookRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Sends the webhook outbox (Standard Webhooks): signed POSTs with bounded concurrency and timeouts (connect 5 s,
 * whole request 15 s) to the address checked for SSRF ({@link WebhookSender}), retried on any non-2xx or timeout
 * on a schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h by default, with jitter), then
 * kept as a dead letter. 410 Gone disables the subscription. Any node may send: deliveries are claimed with SKIP
 * LOCKED, and a claim of a node that died expires, so nothing pending is lost. Delivery is at least once: a record
 * lost in a crash (see {@link #record}) sends that delivery again, with the same {@code webhook-id}.
 */
@Component
class WebhookDispatcher extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 32;
    /** A delivery given up on: its last attempt failed, or the receiver answered 410 Gone. */
    private static final String DEAD = "status = 'DEAD', attempts = :attempts, claimed_until = NULL";

    private final JdbcClient jdbc;
    private final WebhookRegistry subscriptions;
    private final WebhookTargetGuard targets;
    private final CommandGateway commands;
    private final MailOutbox mail;
    private final List<Duration> schedule;
    private final Duration disableAfter;
    private final WebhookSender http;
    private final ExecutorService senders;
    /** Senders free to take a delivery. */
    private final Semaphore idle;
    /** A pass found every sender busy: the next one to finish wakes a pass. */
    private volatile boolean waiting;

    WebhookDispatcher(JdbcClient jdbc, WebhookRegistry subscriptions, WebhookTargetGuard targets, CommandGateway commands, MailOutbox mail,
                      @Value("${roster.webhooks.retry-schedule:0s,5s,5m,30m,2h,5h,10h,14h,20h,24h}") String schedule,
                      @Value("${roster.webhooks.concurrency:8}") int concurrency,
                      @Value("${roster.webhooks.poll-interval:1s}") Duration pollInterval,
                      @Value("${roster.webhooks.disable-after:P5D}") Duration disableAfter) {
        super("webhook-dispatcher", pollInterval);
        this.jdbc = jdbc;
        this.subscriptions = subscriptions;
        this.targets = targets;
        this.commands = commands;
        this.mail = mail;
        this.disableAfter = disableAfter;
        this.schedule = Arrays.stream(schedule.split(",")).map(String::strip).map(WebhookDispatcher::duration).toList();
        this.http = new WebhookSender(concurrency);
        this.idle = new Semaphore(concurrency);
        this.senders = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** "5s", "5m", "2h", "250ms" or an ISO-8601 duration. */
    static Duration duration(String value) {
        String v = value.toLowerCase();
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.startsWith("p")) {
            return Duration.parse(value);
        }
        long amount = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("not a duration: " + value);
        };
    }

    private record Delivery(long id, String subscriptionId, String url, String messageId, String payload, int attempts) {
    }

    /**
     * Claims due deliveries as long as a sender is free, and hands each to a sender without waiting for the others:
     * a delivery committed while others are in flight is claimed at once by the pass its commit wakes, not after the
     * slowest send of an earlier batch. A sender that finishes while deliveries were left waiting wakes a pass.
     */
    @Override
    protected void runOnce() {
        try {
            while (!isStopping()) {
                int free = idle.drainPermits();
                if (free == 0) {
                    waiting = true; // the next sender to finish wakes a pass
                    if (idle.availablePermits() == 0) {
                        return;
                    }
                    waiting = false; // one finished meanwhile
                    continue;
                }
                List<Delivery> due;
                try {
                    due = claim(Math.min(free, BATCH));
                } catch (RuntimeException e) {
                    idle.release(free);
                    throw e;
                }
                // each claimed delivery keeps its sender's permit until its send ends (the claim reads its LIMIT once)
                idle.release(Math.max(0, free - due.size()));
                if (due.isEmpty()) {
                    return;
                }
                // a batch is mostly for a few subscriptions: their secrets are read and unwrapped once per batch; a
                // subscription whose secrets cannot be read fails its own deliveries (retried, recorded), no others
                Map<String, Secrets> secrets = new HashMap<>();
                due.forEach(delivery -> secrets.computeIfAbsent(delivery.subscriptionId(), this::secretsOf));
                for (Delivery delivery : due) {
                    senders.execute(() -> {
                        try {
                            send(delivery, secrets.get(delivery.subscriptionId()));
                        } catch (RuntimeException e) {
                            log.warn("Webhook send failed unexpectedly: {}", e.getMessage());
                        } finally {
                            idle.release();
                            if (waiting) {
                                waiting = false;
                                wakeUp();
                            }
                        }
                    });
                }
                if (due.size() < Math.min(free, BATCH)) {
                    return; // nothing more is due now
                }
            }
        } catch (RuntimeException e) {
            log.warn("Webhook dispatch pass failed; retrying at the next poll: {}", e.getMessage());
        }
    }

    /** A subscription's signing secrets, or why they could not be read. */
    private record Secrets(List<String> values, String refusal) {
    }

    private Secrets secretsOf(String subscriptionId) {
        try {
            return new Secrets(targets.secrets(subscriptionId), null);
        } catch (RuntimeException e) {
            log.warn("Signing secrets of webhook subscription {} could not be read: {}", subscriptionId, e.getMessage());
            return new Secrets(List.of(), "the subscription's signing secret could not be read: " + e.getMessage());
        }
    }

    /**
     * Claims up to {@code limit} due deliveries for two minutes (a node that dies lets them go). The claim commits
     * without waiting for the disk: one lost in a crash only makes the delivery due again, at least once either way.
     */
    private List<Delivery> claim(int limit) {
        return jdbc.sql("""
                        WITH lazily AS (SELECT set_config('synchronous_commit', 'off', true)),
                             picked AS (SELECT d2.id FROM webhook_delivery d2 JOIN webhook_subscription s2
                                          ON s2.subscription_id = d2.subscription_id AND s2.enabled
                                        WHERE d2.status = 'PENDING' AND d2.next_attempt_at <= now()
                                          AND (d2.claimed_until IS NULL OR d2.claimed_until < now())
                                        ORDER BY d2.next_attempt_at, d2.id LIMIT ? FOR UPDATE OF d2 SKIP LOCKED)
                        UPDATE webhook_delivery d SET claimed_until = now() + interval '2 minutes'
                        FROM picked, webhook_subscription s, lazily
                        WHERE d.id = picked.id AND s.subscription_id = d.subscription_id
                        RETURNING d.id, d.subscription_id, s.url, d.message_id, d.payload, d.attempts""")
                .param(limit)
                .query((rs, row) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6)))
                .list();
    }

    private void send(Delivery delivery, Secrets secrets) {
        long started = System.nanoTime();
        Integer status = null;
        String response = null;
        WebhookTargetGuard.Target target = targets.check(delivery.url());
        String error = target.refusal() != null ? target.refusal() : secrets.refusal();
        if (error == null) {
            try {
                long timestamp = System.currentTimeMillis() / 1000;
                String signatures = secrets.values().stream()
                        .map(secret -> "v1," + sign(secret, delivery.messageId() + "." + timestamp + "." + delivery.payload()))
                        .collect(Collectors.joining(" "));
                WebhookSender.Answer answer = http.post(target, Map.of(
                        "User-Agent", "Roster-Webhooks/1",
                        "webhook-id", delivery.messageId(),
                        "webhook-timestamp", String.valueOf(timestamp),
                        "webhook-signature", signatures), delivery.payload());
                status = answer.status();
                response = answer.body();
            } catch (java.io.IOException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        int latency = (int) ((System.nanoTime() - started) / 1_000_000);
        record(delivery, status, latency, response, error);
    }

    /**
     * Records an attempt and the delivery's new state in one statement. It commits without waiting for the disk:
     * delivery is at least once, so an attempt whose record a crash loses is merely sent again, with the same
     * {@code webhook-id} the receiver deduplicates by; waiting for a flush per delivery only slowed the next ones.
     */
    private void record(Delivery delivery, Integer status, int latency, String response, String error) {
        int attempts = delivery.attempts() + 1;
        if (status != null && status >= 200 && status < 300) {
            recordAttempt(delivery, status, latency, response, error,
                    "status = 'SUCCEEDED', attempts = :attempts, delivered_at = now(), claimed_until = NULL", Map.of());
        } else if (status != null && status == 410) {
            recordAttempt(delivery, status, latency, response, error,
                    DEAD, Map.of());
            RequestActor.system("webhook-gone:" + delivery.subscriptionId()).runAs(() ->
                    commands.sendAndWait(new DisableSubscription(delivery.subscriptionId(), "the receiver answered 410 Gone")));
        } else if (attempts >= schedule.size()) {
            recordAttempt(delivery, status, latency, response, error,
                    DEAD, Map.of());
            disableIfFailingForTooLong(delivery.subscriptionId());
        } else {
            Duration delay = schedule.get(attempts);
            long jitter = delay.toMillis() / 10 == 0 ? 0 : ThreadLocalRandom.current().nextLong(delay.toMillis() / 10);
            recordAttempt(delivery, status, latency, response, error,
                    "attempts = :attempts, next_attempt_at = now() + make_interval(secs => :delay), claimed_until = NULL",
                    Map.of("delay", (delay.toMillis() + jitter) / 1000.0));
        }
    }

    private void recordAttempt(Delivery delivery, Integer status, int latency, String response, String error,
                               String assignments, Map<String, Object> more) {
        var statement = jdbc.sql("""
                        WITH attempt AS (INSERT INTO webhook_attempt (delivery_id, status_code, latency_ms, response, error)
                                         VALUES (:id, :status, :latency, :response, :error)),
                             lazily AS (SELECT set_config('synchronous_commit', 'off', true))
                        UPDATE webhook_delivery SET %s FROM lazily WHERE id = :id""".formatted(assignments))
                .param("id", delivery.id()).param("status", status, java.sql.Types.INTEGER).param("latency", latency)
                .param("response", response, java.sql.Types.VARCHAR).param("error", error, java.sql.Types.VARCHAR)
                .param("attempts", delivery.attempts() + 1);
        for (Map.Entry<String, Object> entry : more.entrySet()) {
            statement = statement.param(entry.getKey(), entry.getValue());
        }
        statement.update();
    }

    /**
     * A subscription whose every delivery has failed for {@code roster.webhooks.disable-after} (5 days) is disabled,
     * and the Customer Cloud Admins are told by e-mail.
     */
    private void disableIfFailingForTooLong(String subscriptionId) {
        boolean failingTooLong = jdbc.sql("""
                        SELECT NOT EXISTS (SELECT 1 FROM webhook_delivery WHERE subscription_id = :id AND status = 'SUCCEEDED'
                                           AND delivered_at > now() - make_interval(secs => :window))
                           AND EXISTS (SELECT 1 FROM webhook_delivery WHERE subscription_id = :id AND status <> 'SUCCEEDED'
                                       AND created_at <= now() - make_interval(secs => :window))""")
                .param("id", subscriptionId).param("window", disableAfter.toSeconds()).query(Boolean.class).single();
        if (!failingTooLong) {
            return;
        }
        String url = subscriptions.find(subscriptionId).map(WebhookRegistry.Subscription::url).orElse("?");
        RequestActor.system("webhook-failing:" + subscriptionId).runAs(() -> commands.sendAndWait(new DisableSubscription(
                subscriptionId, "every delivery failed for " + disableAfter.toDays() + " days")));
        for (MailOutbox.Recipient admin : mail.customerCloudAdmins()) {
            mail.enqueue("webhook-disabled:" + subscriptionId + ":" + admin.userId(), admin,
                    "Roster disabled a failing webhook subscription",
                    "Every delivery to the webhook " + url + " (subscription " + subscriptionId + ") has failed for "
                            + disableAfter.toDays() + " days, so Roster disabled it.\nFix the receiver, then enable"
                            + " it again (PATCH /api/v1/webhooks/" + subscriptionId + " {\"enabled\": true}) and"
                            + " redeliver what failed (POST /api/v1/webhooks/" + subscriptionId + "/redeliver).\n");
        }
        log.warn("Disabled webhook subscription {} after {} of failures", subscriptionId, disableAfter);
    }

    /** base64(HMAC-SHA256(key, content)) where the key is the base64 part of "whsec_...". */
    static String sign(String secret, String content) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        super.stop();
        // sends under way finish (each within its 15 s timeout) and record their outcome before the connections
        // close: cut off, a last attempt would count as failed and could disable its subscription
        senders.shutdown();
        try {
            if (!senders.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("Webhook sends still under way at shutdown; their claims expire and they are sent again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            http.close();
        } catch (java.io.IOException e) {
            log.debug("Closing the webhook connections failed: {}", e.toString());
        }
    }
}
