package io.roster.app.webhook;

import io.roster.command.common.Refusal;
import io.roster.command.webhook.WebhookEventTypes;
import io.roster.command.webhook.WebhookRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Deliveries of a subscription with every attempt, redelivery, test events and the event-type catalogue. */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks")
class WebhookDeliveryController {

    private final WebhookDeliveries deliveries;
    private final WebhookRegistry subscriptions;
    private final WebhookDispatcher dispatcher;

    WebhookDeliveryController(WebhookDeliveries deliveries, WebhookRegistry subscriptions, WebhookDispatcher dispatcher) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.dispatcher = dispatcher;
    }

    record EventType(String type, Map<String, Object> samplePayload) {
    }

    @GetMapping("/event-types")
    @Operation(summary = "Every event type a subscription can ask for, with a sample payload")
    Map<String, List<EventType>> eventTypes() {
        List<EventType> types = new ArrayList<>();
        for (String type : WebhookEventTypes.ALL) {
            Map<String, Object> data = new LinkedHashMap<>();
            if (type.startsWith("user.")) {
                data.put("userId", "3f0c…");
                data.put("organizationId", "00000000-0000-0000-0000-0000000000a1");
            } else if (type.startsWith("organization.") || type.startsWith("support_access.")) {
                data.put("organizationId", "00000000-0000-0000-0000-0000000000a1");
            } else {
                data.put("roleId", "custom-…");
            }
            data.put("actor", Map.of("id", "…", "type", "API_CLIENT", "username", "hr-sync"));
            data.put("position", 1234);
            types.add(new EventType(type, Map.of("type", type, "timestamp", "2026-11-23T10:15:30Z", "data", data)));
        }
        return Map.of("items", types);
    }

    @PostMapping("/{id}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a webhook.test event to this subscription")
    Map<String, Object> test(@PathVariable String id) {
        requireSubscription(id);
        String messageId = "msg_test_" + UUID.randomUUID().toString().replace("-", "");
        deliveries.enqueue(id, messageId, WebhookEventTypes.TEST, WebhookOutbox.body(WebhookEventTypes.TEST,
                Instant.now(), Map.of("subscriptionId", id, "message", "Hello from Roster")));
        dispatcher.wakeUp();
        return Map.of("messageId", messageId);
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "Deliveries newest first with every attempt (status code, latency, first 1 KB of the answer)")
    Map<String, Object> deliveries(@PathVariable String id, @RequestParam(required = false) String status,
                                   @RequestParam(required = false) Long cursor,
                                   @RequestParam(required = false, defaultValue = "50") int limit) {
        requireSubscription(id);
        if (limit < 1 || limit > 500) {
            throw Refusal.invalid("limit", "invalid-parameter", "limit must be between 1 and 500");
        }
        if (status != null && !List.of("PENDING", "SUCCEEDED", "DEAD").contains(status)) {
            throw Refusal.invalid("status", "invalid-parameter", "status must be PENDING, SUCCEEDED or DEAD");
        }
        List<Map<String, Object>> items = deliveries.page(id, status, cursor, limit + 1);
        Long next = null;
        if (items.size() > limit) {
            items = new ArrayList<>(items.subList(0, limit));
            next = (Long) items.get(limit - 1).get("id");
        }
        for (Map<String, Object> item : items) {
            item.put("attemptLog", deliveries.attempts((Long) item.get("id")));
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("nextCursor", next);
        return page;
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send one delivery again, now (same webhook-id: receivers stay idempotent)")
    Map<String, Object> redeliver(@PathVariable String id, @PathVariable long deliveryId) {
        if (!deliveries.redeliver(id, deliveryId)) {
            throw Refusal.notFound("delivery-not-found", "delivery " + deliveryId + " of webhook " + id + " does not exist");
        }
        dispatcher.wakeUp();
        return Map.of("redelivered", 1);
    }

    record RedeliverSince(String since) {
    }

    @PostMapping("/{id}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send again every delivery that ended as a dead letter since a time")
    Map<String, Object> redeliverSince(@PathVariable String id, @RequestBody RedeliverSince request) {
        requireSubscription(id);
        Instant since;
        try {
            since = Instant.parse(request.since());
        } catch (RuntimeException e) {
            throw Refusal.invalid("since", "invalid-field", "since must be an ISO-8601 instant such as 2026-11-23T10:00:00Z");
        }
        int updated = deliveries.redeliverDeadSince(id, since);
        dispatcher.wakeUp();
        return Map.of("redelivered", updated);
    }

    private void requireSubscription(String id) {
        if (subscriptions.find(id).isEmpty()) {
            throw Refusal.notFound("webhook-not-found", "webhook subscription " + id + " does not exist");
        }
    }
}
