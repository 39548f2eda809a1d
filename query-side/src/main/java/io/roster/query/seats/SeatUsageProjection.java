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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Seats: who holds one now (active users of type USER) and every change with its time, so the count at any
 * past moment is exact (a sum of changes). Idempotent on the event id; rebuilt by replay.
 */
@Component
@ProcessingGroup(SeatUsageProjection.GROUP)
class SeatUsageProjection {

    static final String GROUP = "seat-usage";

    private final JdbcClient jdbc;

    SeatUsageProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SeatLicenseSet event) {
        jdbc.sql("""
                        INSERT INTO seat_license_view (organization_id, seats, price_per_seat_year, currency) VALUES (?, ?, ?, ?)
                        ON CONFLICT (organization_id) DO UPDATE SET seats = EXCLUDED.seats,
                               price_per_seat_year = EXCLUDED.price_per_seat_year, currency = EXCLUDED.currency""")
                .params(event.organizationId(), event.seats(), event.pricePerSeatYear(), event.currency()).update();
    }

    @EventHandler
    void on(OrganizationSeatLimitSet event) {
        jdbc.sql("INSERT INTO seat_org_limit (organization_id, seat_limit) VALUES (?, ?) ON CONFLICT (organization_id)"
                + " DO UPDATE SET seat_limit = EXCLUDED.seat_limit").params(event.organizationId(), event.seatLimit()).update();
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

    @EventHandler
    void on(UserDeactivated event, EventMessage<?> message, @Timestamp Instant at) {
        if (event.userType() == UserType.USER) {
            int freed = jdbc.sql("DELETE FROM seat_holder WHERE user_id = ?").param(event.userId()).update();
            if (freed > 0) {
                change(message.getIdentifier(), at, event.organizationId(), -1);
            }
        }
    }

    @EventHandler
    void on(UserMovedToOrganization event, EventMessage<?> message, @Timestamp Instant at) {
        int moved = jdbc.sql("UPDATE seat_holder SET organization_id = ? WHERE user_id = ?")
                .params(event.toOrganizationId(), event.userId()).update();
        if (moved > 0) {
            change(message.getIdentifier() + ":from", at, event.fromOrganizationId(), -1);
            change(message.getIdentifier() + ":to", at, event.toOrganizationId(), 1);
        }
    }

    private void take(String userId, String organizationId, String eventId, Instant at) {
        int taken = jdbc.sql("INSERT INTO seat_holder (user_id, organization_id, since) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(userId, organizationId, at.atOffset(ZoneOffset.UTC)).update();
        if (taken > 0) {
            change(eventId, at, organizationId, 1);
        }
    }

    private void change(String eventId, Instant at, String organizationId, int delta) {
        jdbc.sql("INSERT INTO seat_change (event_id, at, organization_id, delta) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(eventId, at.atOffset(ZoneOffset.UTC), organizationId, delta).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE seat_license_view, seat_org_limit, seat_holder, seat_change").update();
    }
}
