package io.roster.query.audit;

import io.roster.events.AuditMetadata;
import io.roster.events.user.UserCreated;
import io.roster.events.user.UserDeleted;
import io.roster.events.user.UserMovedToOrganization;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Every event becomes one audit entry: who (from the event's metadata), what, to which target in which
 * organization, with before/after values, request id and source IP. Idempotent on the event id; a replay
 * rebuilds it (sign-in entries, which are not events, are kept across a rebuild).
 */
@Component
@ProcessingGroup(AuditLogProjection.GROUP)
class AuditLogProjection {

    static final String GROUP = "audit-log";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    AuditLogProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message, @Timestamp Instant at) {
        rememberOrganization(event);
        AuditEntryDescription description = AuditDescriptions.describe(event, this::organizationOfUser);
        MetaData metaData = message.getMetaData();
        String actorType = (String) metaData.getOrDefault(AuditMetadata.ACTOR_TYPE, "SYSTEM");
        jdbc.sql("""
                        INSERT INTO audit_log (event_id, source, occurred_at, event_type, summary, actor_id, actor_type,
                                               actor_login, target_type, target_id, target_organization_id, changes,
                                               request_id, source_ip)
                        VALUES (?, 'EVENT', ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)
                        ON CONFLICT (event_id) DO NOTHING""")
                .params(message.getIdentifier(), at.atOffset(ZoneOffset.UTC), event.getClass().getSimpleName(),
                        description.summary(), metaData.get(AuditMetadata.ACTOR_ID), actorType,
                        "API_CLIENT".equals(actorType) ? metaData.get(AuditMetadata.ACTOR_USERNAME) : null,
                        description.targetType(), description.targetId(), description.targetOrganizationId(),
                        description.changes() == null ? null : JSON.writeValueAsString(description.changes()),
                        metaData.get(AuditMetadata.REQUEST_ID), metaData.get(AuditMetadata.SOURCE_IP))
                .update();
    }

    private void rememberOrganization(Object event) {
        if (event instanceof UserCreated e) {
            jdbc.sql("INSERT INTO audit_user_organization (user_id, organization_id) VALUES (?, ?) ON CONFLICT (user_id)"
                    + " DO UPDATE SET organization_id = EXCLUDED.organization_id").params(e.userId(), e.organizationId()).update();
        } else if (event instanceof UserMovedToOrganization e) {
            jdbc.sql("UPDATE audit_user_organization SET organization_id = ? WHERE user_id = ?")
                    .params(e.toOrganizationId(), e.userId()).update();
        } else if (event instanceof UserDeleted e) {
            jdbc.sql("DELETE FROM audit_user_organization WHERE user_id = ?").param(e.userId()).update();
        }
    }

    private String organizationOfUser(String userId) {
        return jdbc.sql("SELECT organization_id FROM audit_user_organization WHERE user_id = ?").param(userId)
                .query(String.class).optional().orElse(null);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM audit_log WHERE source = 'EVENT'").update();
        jdbc.sql("TRUNCATE audit_user_organization").update();
    }
}
