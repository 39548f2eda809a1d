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
import io.roster.query.common.ProjectionWriter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static io.roster.query.common.ProjectionWriter.params;

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
    private final ProjectionWriter writer;

    AuditLogProjection(JdbcClient jdbc, ProjectionWriter writer) {
        this.jdbc = jdbc;
        this.writer = writer;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message, @Timestamp Instant at) {
        rememberOrganization(event);
        AuditEntryDescription description = AuditDescriptions.describe(event, this::organizationOfUser);
        MetaData metaData = message.getMetaData();
        String actorType = (String) metaData.getOrDefault(AuditMetadata.ACTOR_TYPE, "SYSTEM");
        writer.update("""
                        INSERT INTO audit_log (event_id, source, occurred_at, event_type, summary, actor_id, actor_type,
                                               actor_login, target_type, target_id, target_organization_id, changes,
                                               request_id, source_ip)
                        VALUES (:eventId, 'EVENT', :at, :eventType, :summary, :actorId, :actorType, :actorLogin,
                                :targetType, :targetId, :targetOrganizationId, CAST(:changes AS jsonb), :requestId, :sourceIp)
                        ON CONFLICT (event_id) DO NOTHING""",
                params("eventId", message.getIdentifier(), "at", at.atOffset(ZoneOffset.UTC),
                        "eventType", event.getClass().getSimpleName(), "summary", description.summary(),
                        "actorId", metaData.get(AuditMetadata.ACTOR_ID), "actorType", actorType,
                        "actorLogin", "API_CLIENT".equals(actorType) ? metaData.get(AuditMetadata.ACTOR_USERNAME) : null,
                        "targetType", description.targetType(), "targetId", description.targetId(),
                        "targetOrganizationId", description.targetOrganizationId(),
                        "changes", description.changes() == null ? null : JSON.writeValueAsString(description.changes()),
                        "requestId", metaData.get(AuditMetadata.REQUEST_ID),
                        "sourceIp", metaData.get(AuditMetadata.SOURCE_IP)));
    }

    private void rememberOrganization(Object event) {
        if (event instanceof UserCreated e) {
            writer.update("INSERT INTO audit_user_organization (user_id, organization_id) VALUES (:userId, :organizationId)"
                            + " ON CONFLICT (user_id) DO UPDATE SET organization_id = EXCLUDED.organization_id",
                    params("userId", e.userId(), "organizationId", e.organizationId()));
        } else if (event instanceof UserMovedToOrganization e) {
            writer.update("UPDATE audit_user_organization SET organization_id = :organizationId WHERE user_id = :userId",
                    params("userId", e.userId(), "organizationId", e.toOrganizationId()));
        } else if (event instanceof UserDeleted e) {
            writer.update("DELETE FROM audit_user_organization WHERE user_id = :userId", params("userId", e.userId()));
        }
    }

    private String organizationOfUser(String userId) {
        // events that do not carry the organization are rare (profile, invitation, password): a flush is affordable
        return writer.query(() -> jdbc.sql("SELECT organization_id FROM audit_user_organization WHERE user_id = ?")
                .param(userId).query(String.class).optional().orElse(null));
    }

    @ResetHandler
    void reset() {
        writer.update("DELETE FROM audit_log WHERE source = 'EVENT'", Map.of());
        writer.update("TRUNCATE audit_user_organization", Map.of());
    }
}
