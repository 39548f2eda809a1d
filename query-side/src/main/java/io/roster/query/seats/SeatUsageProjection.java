package io.roster.query.seats;

import io.roster.events.UserType;
import io.roster.events.organization.OrganizationSeatLimitSet;
import io.roster.events.organization.SeatLicenseSet;
import io.roster.events.user.UserCreated;
import io.roster.events.user.UserDeactivated;
import io.roster.events.user.UserMovedToOrganization;
import io.roster.events.user.UserReactivated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import io.roster.query.common.ProjectionWriter;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static io.roster.query.common.ProjectionWriter.params;

/**
 * Seats: who holds one now (active users of type USER) and every change with its time, so the count at any
 * past moment is exact (a sum of changes). Idempotent on the event id; rebuilt by replay.
 */
@Component
@ProcessingGroup(SeatUsageProjection.GROUP)
class SeatUsageProjection {

    static final String GROUP = "seat-usage";

    private final ProjectionWriter writer;

    SeatUsageProjection(ProjectionWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    void on(SeatLicenseSet event) {
        writer.update("""
                        INSERT INTO seat_license_view (organization_id, seats, price_per_seat_year, currency)
                        VALUES (:organizationId, :seats, :price, :currency)
                        ON CONFLICT (organization_id) DO UPDATE SET seats = EXCLUDED.seats,
                               price_per_seat_year = EXCLUDED.price_per_seat_year, currency = EXCLUDED.currency""",
                params("organizationId", event.organizationId(), "seats", event.seats(),
                        "price", event.pricePerSeatYear(), "currency", event.currency()));
    }

    @EventHandler
    void on(OrganizationSeatLimitSet event) {
        writer.update("""
                        INSERT INTO seat_org_limit (organization_id, seat_limit) VALUES (:organizationId, :seatLimit)
                        ON CONFLICT (organization_id) DO UPDATE SET seat_limit = EXCLUDED.seat_limit""",
                params("organizationId", event.organizationId(), "seatLimit", event.seatLimit()));
    }

    @EventHandler
    void on(UserCreated event, EventMessage<?> message, @Timestamp Instant at) {
        if (event.userType() == UserType.USER) {
            take(event.userId(), event.organizationId(), message.getIdentifier(), at);
        }
    }

    @EventHandler
    void on(UserReactivated event, EventMessage<?> message, @Timestamp Instant at) {
        if (event.userType() == UserType.USER) {
            take(event.userId(), event.organizationId(), message.getIdentifier(), at);
        }
    }

    /** The seat is freed, and the change recorded, only if the user held one (a redelivery frees nothing). */
    @EventHandler
    void on(UserDeactivated event, EventMessage<?> message, @Timestamp Instant at) {
        if (event.userType() == UserType.USER) {
            writer.update("""
                            WITH freed AS (DELETE FROM seat_holder WHERE user_id = :userId RETURNING organization_id)
                            INSERT INTO seat_change (event_id, at, organization_id, delta)
                            SELECT :eventId, :at, :organizationId, -1 FROM freed
                            ON CONFLICT DO NOTHING""",
                    params("userId", event.userId(), "eventId", message.getIdentifier(), "at", utc(at),
                            "organizationId", event.organizationId()));
        }
    }

    @EventHandler
    void on(UserMovedToOrganization event, EventMessage<?> message, @Timestamp Instant at) {
        writer.update("""
                        WITH moved AS (UPDATE seat_holder SET organization_id = :to WHERE user_id = :userId RETURNING user_id)
                        INSERT INTO seat_change (event_id, at, organization_id, delta)
                        SELECT change.event_id, :at, change.organization_id, change.delta FROM moved
                        CROSS JOIN (VALUES (:eventId || ':from', CAST(:from AS text), -1),
                                           (:eventId || ':to', CAST(:to AS text), 1)) AS change (event_id, organization_id, delta)
                        ON CONFLICT DO NOTHING""",
                params("userId", event.userId(), "eventId", message.getIdentifier(), "at", utc(at),
                        "from", event.fromOrganizationId(), "to", event.toOrganizationId()));
    }

    /** The seat is taken, and the change recorded, only if the user did not hold one yet. */
    private void take(String userId, String organizationId, String eventId, Instant at) {
        writer.update("""
                        WITH taken AS (INSERT INTO seat_holder (user_id, organization_id, since)
                                       VALUES (:userId, :organizationId, :at) ON CONFLICT DO NOTHING RETURNING user_id)
                        INSERT INTO seat_change (event_id, at, organization_id, delta)
                        SELECT :eventId, :at, :organizationId, 1 FROM taken
                        ON CONFLICT DO NOTHING""",
                params("userId", userId, "organizationId", organizationId, "eventId", eventId, "at", utc(at)));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    @ResetHandler
    void reset() {
        writer.update("TRUNCATE seat_license_view, seat_org_limit, seat_holder, seat_change", Map.of());
    }
}
