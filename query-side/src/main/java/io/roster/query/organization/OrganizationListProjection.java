package io.roster.query.organization;

import io.roster.events.organization.AllowedDomainsSet;
import io.roster.events.organization.OrganizationCreated;
import io.roster.events.organization.OrganizationDeactivated;
import io.roster.events.organization.OrganizationMoved;
import io.roster.events.organization.OrganizationReactivated;
import io.roster.events.organization.OrganizationRenamed;
import io.roster.events.organization.OrganizationRetentionSet;
import io.roster.events.organization.SupportAccessToggled;
import io.roster.events.organization.OrganizationSeatLimitSet;
import io.roster.events.organization.SeatLicenseSet;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Organizations as the API shows them: parent and children for display (subtrees come from the one organization
 * tree); version-guarded like every projection.
 */
@Component
@ProcessingGroup(OrganizationListProjection.GROUP)
class OrganizationListProjection {

    static final String GROUP = "organization-list";

    private final JdbcClient jdbc;

    OrganizationListProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OrganizationCreated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("""
                        INSERT INTO organization_list (organization_id, name, parent_id, root, status, created_at,
                                                       updated_at, version)
                        VALUES (:id, :name, :parentId, :root, 'ACTIVE', :at, :at, :version)
                        ON CONFLICT (organization_id) DO NOTHING
                        """)
                .param("id", event.organizationId())
                .param("name", event.name())
                .param("parentId", event.parentId())
                .param("root", event.root())
                .param("at", at.atOffset(ZoneOffset.UTC))
                .param("version", sequence + 1)
                .update();
    }

    @EventHandler
    void on(OrganizationRenamed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.organizationId(), sequence, at, "name = :value", event.name());
    }

    @EventHandler
    void on(OrganizationMoved event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.organizationId(), sequence, at, "parent_id = :value", event.toParentId());
    }

    @EventHandler
    void on(OrganizationDeactivated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.organizationId(), sequence, at, "status = :value", "DEACTIVATED");
    }

    @EventHandler
    void on(OrganizationReactivated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.organizationId(), sequence, at, "status = :value", "ACTIVE");
    }

    @EventHandler
    void on(OrganizationRetentionSet event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.organizationId(), sequence, at, "deactivated_user_retention = CAST(:value AS text)",
                event.deactivatedUserRetention());
    }

    /** Nothing the list shows, but the row must reach the aggregate's version (the ETag). */
    @EventHandler
    void on(SupportAccessToggled event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.organizationId(), sequence, at, "status = status", null);
    }

    @EventHandler
    void on(SeatLicenseSet event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.organizationId(), sequence, at, "status = status", null);
    }

    @EventHandler
    void on(OrganizationSeatLimitSet event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.organizationId(), sequence, at, "status = status", null);
    }

    @EventHandler
    void on(AllowedDomainsSet event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.organizationId(), sequence, at, "status = status", null);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE organization_list").update();
    }

    private void update(String organizationId, long sequence, Instant at, String assignment, Object value) {
        jdbc.sql("UPDATE organization_list SET " + assignment + ", updated_at = :at, version = :version "
                        + "WHERE organization_id = :id AND version < :version")
                .param("value", value)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .param("version", sequence + 1)
                .param("id", organizationId)
                .update();
    }
}
