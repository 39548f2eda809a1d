package io.roster.command.seats;

/** Seats are what customers pay for: a user of type USER that is active holds one (seed 000). */
public interface SeatGuard {

    /**
     * Refuses (422 {@code no-seat-available}, naming the numbers) when {@code userId} becoming an active seat
     * holder in {@code organizationId} would exceed the environment's license or the seat limit of the
     * organization or one of its ancestors (each counted over its subtree).
     */
    void requireSeat(String userId, String organizationId);

    /**
     * Refuses (422 {@code no-seat-available}) when moving {@code organizationId}, with the active seat holders of its
     * subtree, under {@code newParentId} would exceed the seat limit of the new parent or one of its ancestors that
     * does not hold them already. The license counts everyone wherever they sit, so a move never changes it.
     */
    default void requireSeatsForMove(String organizationId, String newParentId) {
    }
}
