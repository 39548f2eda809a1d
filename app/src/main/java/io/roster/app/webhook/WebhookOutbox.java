package io.roster.app.webhook;

import io.roster.command.webhook.WebhookEventTypes;
import io.roster.command.webhook.WebhookRegistry;
import io.roster.events.AuditMetadata;
import io.roster.events.organization.OrganizationCreated;
import io.roster.events.organization.OrganizationDeactivated;
import io.roster.events.organization.OrganizationMoved;
import io.roster.events.organization.OrganizationReactivated;
import io.roster.events.organization.OrganizationRenamed;
import io.roster.events.organization.OrganizationRetentionSet;
import io.roster.events.organization.SupportAccessToggled;
import io.roster.events.role.CustomRoleCreated;
import io.roster.events.role.CustomRoleDeleted;
import io.roster.events.role.CustomRoleUpdated;
import io.roster.events.user.RoleAssigned;
import io.roster.events.user.RoleRevoked;
import io.roster.events.user.UserCreated;
import io.roster.events.user.UserDeactivated;
import io.roster.events.user.UserDeleted;
import io.roster.events.user.UserMovedToOrganization;
import io.roster.events.user.UserProfileUpdated;
import io.roster.events.user.UserReactivated;
import io.roster.events.user.UserUsernameChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook outbox: each lifecycle event becomes one delivery row per matching enabled subscription, in the
 * command's own transaction, once (unique per subscription and webhook id). Never replayed: a rebuild must not notify anyone
 * twice. Writes never wait for webhooks: the dispatcher sends the rows later.
 */
@Component
@ProcessingGroup(WebhookOutbox.GROUP)
@DisallowReplay
class WebhookOutbox {

    static final String GROUP = "webhook-outbox";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final WebhookDispatcher dispatcher;
    private final WebhookRegistry registry;

    WebhookOutbox(JdbcClient jdbc, WebhookDispatcher dispatcher, WebhookRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.dispatcher = dispatcher;
    }

    static Optional<String> typeOf(Object event) {
        String type = null;
        if (event instanceof UserCreated) {
            type = "user.created";
        } else if (event instanceof UserProfileUpdated || event instanceof UserUsernameChanged) {
            type = "user.updated";
        } else if (event instanceof RoleAssigned) {
            type = "user.role_assigned";
        } else if (event instanceof RoleRevoked) {
            type = "user.role_revoked";
        } else if (event instanceof UserMovedToOrganization) {
            type = "user.moved";
        } else if (event instanceof UserDeactivated) {
            type = "user.deactivated";
        } else if (event instanceof UserReactivated) {
            type = "user.reactivated";
        } else if (event instanceof UserDeleted) {
            type = "user.deleted";
        } else if (event instanceof OrganizationCreated) {
            type = "organization.created";
        } else if (event instanceof OrganizationRenamed || event instanceof OrganizationMoved
                || event instanceof OrganizationRetentionSet) {
            type = "organization.updated";
        } else if (event instanceof OrganizationDeactivated) {
            type = "organization.deactivated";
        } else if (event instanceof OrganizationReactivated) {
            type = "organization.reactivated";
        } else if (event instanceof SupportAccessToggled) {
            type = "support_access.toggled";
        } else if (event instanceof CustomRoleCreated) {
            type = "role.created";
        } else if (event instanceof CustomRoleUpdated) {
            type = "role.updated";
        } else if (event instanceof CustomRoleDeleted) {
            type = "role.deleted";
        }
        return Optional.ofNullable(type);
    }

    @EventHandler
    void on(Object event, EventMessage<?> message, @Timestamp Instant at) {
        Optional<String> type = typeOf(event);
        if (type.isEmpty()) {
            return;
        }
        List<WebhookRegistry.Subscription> subscriptions = registry.enabled().stream()
                .filter(subscription -> WebhookEventTypes.matches(subscription.eventTypes(), type.get()))
                .toList();
        if (subscriptions.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>(JSON.convertValue(event, Map.class));
        MetaData metaData = message.getMetaData();
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("id", metaData.get(AuditMetadata.ACTOR_ID));
        actor.put("type", metaData.get(AuditMetadata.ACTOR_TYPE));
        actor.put("username", metaData.get(AuditMetadata.ACTOR_USERNAME));
        data.put("actor", actor);
        // appended earlier in this same transaction, so its place in the event store is already known
        jdbc.sql("SELECT globalindex FROM domainevententry WHERE eventidentifier = ?").param(message.getIdentifier())
                .query(Long.class).optional().ifPresent(position -> data.put("position", position));
        String payload = body(type.get(), at, data);
        String messageId = "msg_" + message.getIdentifier().replace("-", "");
        for (WebhookRegistry.Subscription subscription : subscriptions) {
            enqueue(jdbc, subscription.id(), messageId, type.get(), payload);
        }
        dispatcher.wakeUpAfterCommit();
    }

    static String body(String type, Instant at, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", at.toString());
        body.put("data", data);
        return JSON.writeValueAsString(body);
    }

    static void enqueue(JdbcClient jdbc, String subscriptionId, String messageId, String type, String payload) {
        jdbc.sql("""
                        INSERT INTO webhook_delivery (subscription_id, message_id, event_type, payload, status)
                        VALUES (?, ?, ?, ?, 'PENDING') ON CONFLICT (subscription_id, message_id) DO NOTHING""")
                .params(subscriptionId, messageId, type, payload).update();
    }
}
