package io.roster.command.seats;

import io.roster.command.common.Refusal;
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

    JdbcSeatGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Limit(String organizationId, int limit, boolean root) {
    }

    @Override
    public void requireSeat(String userId, String organizationId) {
        List<Limit> limits = jdbc.sql("""
                        WITH RECURSIVE ancestry(id, parent_id, depth) AS (
                            SELECT organization_id, parent_id, 0 FROM org_registry WHERE organization_id = ?
                            UNION ALL
                            SELECT o.organization_id, o.parent_id, a.depth + 1 FROM org_registry o
                            JOIN ancestry a ON o.organization_id = a.parent_id WHERE a.depth < 100)
                        SELECT o.organization_id, o.seat_limit, false FROM org_registry o JOIN ancestry a ON a.id = o.organization_id
                        WHERE o.seat_limit IS NOT NULL
                        UNION ALL
                        SELECT organization_id, licensed_seats, true FROM org_registry WHERE root AND licensed_seats IS NOT NULL""")
                .param(organizationId)
                .query((rs, row) -> new Limit(rs.getString(1), rs.getInt(2), rs.getBoolean(3))).list();
        if (limits.isEmpty()) {
            return;
        }
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(SEATS_LOCK).query().singleRow();
        for (Limit limit : limits) {
            long used = limit.root()
                    ? jdbc.sql("SELECT count(*) FROM user_registry WHERE active AND user_type = 'USER' AND user_id <> ?")
                            .param(userId).query(Long.class).single()
                    : jdbc.sql("""
                                    WITH RECURSIVE subtree(id) AS (
                                        SELECT CAST(? AS varchar)
                                        UNION
                                        SELECT o.organization_id FROM org_registry o JOIN subtree s ON o.parent_id = s.id)
                                    SELECT count(*) FROM user_registry WHERE active AND user_type = 'USER' AND user_id <> ?
                                      AND organization_id IN (SELECT id FROM subtree)""")
                            .params(limit.organizationId(), userId).query(Long.class).single();
            if (used >= limit.limit()) {
                throw Refusal.unprocessable("organizationId", "no-seat-available", limit.root()
                        ? "all " + limit.limit() + " licensed seats are used (" + used + " of " + limit.limit()
                          + "): deactivate a user or raise the license"
                        : "organization " + limit.organizationId() + " and its children use " + used + " of their "
                          + limit.limit() + " seats: deactivate a user there or raise its seat limit");
            }
        }
    }
}
