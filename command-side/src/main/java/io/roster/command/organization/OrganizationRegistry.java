package io.roster.command.organization;

import io.roster.events.organization.OrganizationCreated;
import io.roster.events.organization.OrganizationDeactivated;
import io.roster.events.organization.OrganizationMoved;
import io.roster.events.organization.OrganizationReactivated;
import io.roster.events.organization.SupportAccessToggled;
import io.roster.events.organization.OrganizationSeatLimitSet;
import io.roster.events.organization.AllowedDomainsSet;
import io.roster.events.organization.SeatLicenseSet;
import io.roster.command.common.CommandLookups;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the command side's organization lookup table in the same transaction as the event append
 * (a subscribing processor, errors propagate and roll the command back).
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class OrganizationRegistry {

    private final JdbcClient jdbc;

    OrganizationRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OrganizationCreated event) {
        jdbc.sql("""
                        INSERT INTO org_registry (organization_id, parent_id, active, root, path)
                        SELECT ?, ?, true, ?, coalesce((SELECT path FROM org_registry WHERE organization_id = ?), '/') || ? || '/'
                        ON CONFLICT (organization_id) DO NOTHING
                        """)
                .params(event.organizationId(), event.parentId(), event.root(), event.parentId(), event.organizationId())
                .update();
    }

    @EventHandler
    void on(OrganizationMoved event) {
        // the moved organization and its whole subtree get the new parent's path as their prefix, in one statement
        jdbc.sql("""
                        UPDATE org_registry t
                        SET path = target.path || m.organization_id || '/' || substr(t.path, length(m.path) + 1),
                            parent_id = CASE WHEN t.organization_id = m.organization_id THEN target.organization_id
                                             ELSE t.parent_id END
                        FROM org_registry m, org_registry target
                        WHERE m.organization_id = ? AND target.organization_id = ?
                          AND t.path >= m.path AND t.path < left(m.path, -1) || '0'""")
                .params(event.organizationId(), event.toParentId()).update();
    }

    @EventHandler
    void on(OrganizationDeactivated event) {
        setActive(event.organizationId(), false);
    }

    @EventHandler
    void on(OrganizationReactivated event) {
        setActive(event.organizationId(), true);
    }

    @EventHandler
    void on(SupportAccessToggled event) {
        jdbc.sql("UPDATE org_registry SET support_access = ? WHERE organization_id = ?")
                .params(event.enabled(), event.organizationId()).update();
    }

    @EventHandler
    void on(AllowedDomainsSet event) {
        jdbc.sql("UPDATE org_registry SET allowed_domains = ? WHERE organization_id = ?")
                .params(event.domains().toArray(String[]::new), event.organizationId()).update();
    }

    @EventHandler
    void on(SeatLicenseSet event) {
        jdbc.sql("UPDATE org_registry SET licensed_seats = ? WHERE organization_id = ?")
                .params(event.seats(), event.organizationId()).update();
    }

    @EventHandler
    void on(OrganizationSeatLimitSet event) {
        jdbc.sql("UPDATE org_registry SET seat_limit = ? WHERE organization_id = ?")
                .params(event.seatLimit(), event.organizationId()).update();
    }

    private void setActive(String organizationId, boolean active) {
        jdbc.sql("UPDATE org_registry SET active = ? WHERE organization_id = ?").params(active, organizationId).update();
    }
}
