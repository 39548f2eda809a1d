package io.roster.command.testing;

import io.roster.command.common.Refusal;
import io.roster.command.seats.SeatGuard;

/** Seats left in the environment (unlimited unless set); refuses like JdbcSeatGuard when none is left. */
public class InMemorySeatGuard implements SeatGuard {

    private Integer seatsLeft;

    public InMemorySeatGuard withSeatsLeft(int seats) {
        this.seatsLeft = seats;
        return this;
    }

    @Override
    public void requireSeat(String userId, String organizationId) {
        if (seatsLeft != null && seatsLeft <= 0) {
            throw Refusal.unprocessable("organizationId", "no-seat-available", "all licensed seats are used");
        }
    }
}
