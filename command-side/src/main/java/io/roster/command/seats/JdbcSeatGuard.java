package io.roster.command.seats;

import io.roster.command.access.PrincipalRegistry;
import io.roster.command.common.Refusal;
import io.roster.command.organization.OrganizationTree;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Counts seats in the command's transaction. Only when a license or a limit applies, seat-taking commands are
 * serialized by an advisory lock, so two racing creations cannot both take the last seat.
 */
@Component
class JdbcSeatGuard implements SeatGuard {

    private static final long SEATS_LOCK = 0x526f737465725365L;

    private final JdbcClient jdbc;
    private final OrganizationTree tree;
    private final PrincipalRegistry principals;

    JdbcSeatGuard(JdbcClient jdbc, OrganizationTree tree, PrincipalRegistry principals) {
        this.jdbc = jdbc;
        this.tree = tree;
        this.principals = principals;
    }

    @Override
    public void requireSeat(String userId, String organizationId) {
        // the limits come from the lineage, and a move counts the seat holders committed before it: a move under way
        // is waited for, and one that comes later waits until this seat holder is committed
        tree.holdMovesOff();
        List<OrganizationTree.SeatLimit> limits = tree.seatLimitsOnLineage(organizationId);
        if (limits.isEmpty()) {
            return;
        }
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(SEATS_LOCK).query().singleRow();
        for (OrganizationTree.SeatLimit limit : limits) {
            long used = limit.root() ? principals.seatsUsed(userId)
                    : principals.seatsUsedIn(tree.subtree(limit.organizationId()), userId);
            if (used >= limit.limit()) {
                throw Refusal.unprocessable("organizationId", "no-seat-available", limit.root()
                        ? "all " + limit.limit() + " licensed seats are used (" + used + " of " + limit.limit()
                          + "): deactivate a user or raise the license"
                        : "organization " + limit.organizationId() + " and its children use " + used + " of their "
                          + limit.limit() + " seats: deactivate a user there or raise its seat limit");
            }
        }
    }
    @Override
    public void requireSeatsForMove(String organizationId, String newParentId) {
        List<OrganizationTree.SeatLimit> limits = tree.seatLimitsOnLineage(newParentId).stream()
                .filter(limit -> !limit.root() && !tree.isWithin(organizationId, limit.organizationId())).toList();
        if (limits.isEmpty()) {
            return;
        }
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(SEATS_LOCK).query().singleRow();
        long moving = principals.seatsUsedIn(tree.subtree(organizationId), "");
        if (moving == 0) {
            return;
        }
        for (OrganizationTree.SeatLimit limit : limits) {
            long used = principals.seatsUsedIn(tree.subtree(limit.organizationId()), "");
            if (used + moving > limit.limit()) {
                throw Refusal.unprocessable("parentId", "no-seat-available", "organization "
                        + limit.organizationId() + " and its children use " + used + " of their " + limit.limit()
                        + " seats; the " + moving + " seat holder(s) of organization " + organizationId
                        + " do not fit: raise its seat limit or deactivate users first");
            }
        }
    }
}
