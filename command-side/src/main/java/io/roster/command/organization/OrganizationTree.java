package io.roster.command.organization;

import io.roster.api.FindOrganizationSubtree;
import io.roster.api.OrganizationSubtree;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The one organization tree, as every other package asks it: each organization's materialized path in
 * {@code org_registry}, kept in the command's transaction by {@link OrganizationRegistry}. A subtree is the paths
 * from {@code 'X/'} up to {@code 'X0'} in byte order ('0' follows '/'): one range of the path index.
 */
@Component
public class OrganizationTree {

    /** Whether the first parameter is the second or one of its descendants. */
    public static final String WITHIN_SUBTREE = """
            SELECT EXISTS (SELECT 1 FROM org_registry c JOIN org_registry a
                             ON c.path >= a.path AND c.path < left(a.path, -1) || '0'
                           WHERE c.organization_id = ? AND a.organization_id = ?)""";

    /** Any constant: the key of the advisory lock a move holds alone until it commits. */
    static final long HIERARCHY_LOCK = 0x526f737465724f72L;

    /** A seat limit on the way from an organization to the root; {@code root}: the license, for everyone. */
    public record SeatLimit(String organizationId, int limit, boolean root) {
    }

    private final JdbcClient jdbc;

    OrganizationTree(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Holds moves off until the transaction ends, and waits for one under way to commit. A move rewrites its subtree's
     * paths, and recomputes what depends on them, with statements that see only what was committed before them: whoever
     * adds to a subtree (a new organization) or computes from the paths what a move must recompute (a deletion timer)
     * does so while holding this, so either the move sees it or it sees the move.
     */
    public void holdMovesOff() {
        jdbc.sql("SELECT pg_advisory_xact_lock_shared(?)").param(HIERARCHY_LOCK).query().singleRow();
    }

    /** Whether {@code candidate} is {@code ancestor} or one of its descendants. */
    public boolean isWithin(String candidate, String ancestor) {
        return jdbc.sql(WITHIN_SUBTREE).params(candidate, ancestor).query(Boolean.class).single();
    }

    /** The organization and all its descendants; empty when there is no such organization. */
    public List<String> subtree(String organizationId) {
        return jdbc.sql("""
                        SELECT d.organization_id FROM org_registry r JOIN org_registry d
                          ON d.path >= r.path AND d.path < left(r.path, -1) || '0'
                        WHERE r.organization_id = ?""")
                .param(organizationId).query(String.class).list();
    }

    /** The organization, its parent, and so on up to the root; empty when there is no such organization. */
    public List<String> lineage(String organizationId) {
        List<String> lineage = new ArrayList<>(jdbc.sql("SELECT path FROM org_registry WHERE organization_id = ?")
                .param(organizationId).query(String.class).optional()
                .map(path -> Arrays.asList(path.substring(1, path.length() - 1).split("/"))).orElse(List.of()));
        Collections.reverse(lineage);
        return lineage;
    }

    /**
     * The seat limits set on the organization and its ancestors, nearest first, then the root's license if one is
     * set.
     */
    public List<SeatLimit> seatLimitsOnLineage(String organizationId) {
        record Found(SeatLimit limit, int depth) {
        }
        // the lineage is the path's ids, root first: one statement reads it and the limits on it
        return jdbc.sql("""
                        WITH lineage AS (SELECT string_to_array(btrim(path, '/'), '/') AS ids FROM org_registry
                                         WHERE organization_id = ?)
                        SELECT o.organization_id, o.seat_limit, false, array_position(l.ids, o.organization_id)
                        FROM org_registry o, lineage l
                        WHERE o.organization_id = ANY(l.ids) AND o.seat_limit IS NOT NULL
                        UNION ALL
                        SELECT organization_id, licensed_seats, true, 0 FROM org_registry WHERE root AND licensed_seats IS NOT NULL""")
                .param(organizationId)
                .query((rs, row) -> new Found(new SeatLimit(rs.getString(1), rs.getInt(2), rs.getBoolean(3)), rs.getInt(4)))
                .list().stream()
                // nearest first (deepest in the path), the license last
                .sorted(Comparator.comparing((Found found) -> found.limit().root())
                        .thenComparing(Found::depth, Comparator.reverseOrder()))
                .map(Found::limit)
                .toList();
    }

    @QueryHandler
    OrganizationSubtree handle(FindOrganizationSubtree query) {
        return new OrganizationSubtree(subtree(query.organizationId()));
    }
}
