package io.roster.query.support;

import io.roster.api.FindSupportAccess;
import io.roster.api.SupportAccessView;
import io.roster.events.AuditMetadata;
import io.roster.events.organization.OrganizationCreated;
import io.roster.events.organization.SupportAccessToggled;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The Support Access switch as GET /api/v1/support-access shows it. Disabled on a new environment. */
@Component
@ProcessingGroup(SupportAccessProjection.GROUP)
class SupportAccessProjection {

    static final String GROUP = "support-access-view";

    private final JdbcClient jdbc;

    SupportAccessProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OrganizationCreated event, @SequenceNumber long sequence) {
        if (event.root()) {
            jdbc.sql("INSERT INTO support_access_view (organization_id, enabled, version) VALUES (?, false, ?)"
                    + " ON CONFLICT (organization_id) DO NOTHING").params(event.organizationId(), sequence + 1).update();
        }
    }

    @EventHandler
    void on(SupportAccessToggled event, @SequenceNumber long sequence, @Timestamp Instant at, MetaData metaData) {
        jdbc.sql("""
                        UPDATE support_access_view SET enabled = ?, changed_at = ?, changed_by_id = ?, changed_by_type = ?,
                               changed_by_login = ?, version = ?
                        WHERE organization_id = ? AND version < ?""")
                .params(event.enabled(), at.atOffset(ZoneOffset.UTC), metaData.get(AuditMetadata.ACTOR_ID),
                        metaData.get(AuditMetadata.ACTOR_TYPE), metaData.get(AuditMetadata.ACTOR_USERNAME), sequence + 1,
                        event.organizationId(), sequence + 1)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE support_access_view").update();
    }

    @QueryHandler
    Optional<SupportAccessView> handle(FindSupportAccess query) {
        return read();
    }

    Optional<SupportAccessView> read() {
        return jdbc.sql("SELECT enabled, changed_at, changed_by_id, changed_by_type, changed_by_login, version"
                        + " FROM support_access_view")
                .query((rs, row) -> {
                    OffsetDateTime changedAt = rs.getObject("changed_at", OffsetDateTime.class);
                    String actorId = rs.getString("changed_by_id");
                    return new SupportAccessView(rs.getBoolean("enabled"), changedAt == null ? null : changedAt.toInstant(),
                            actorId == null ? null : new SupportAccessView.Actor(actorId, rs.getString("changed_by_type"),
                                    rs.getString("changed_by_login")), rs.getLong("version"));
                })
                .optional();
    }
}
