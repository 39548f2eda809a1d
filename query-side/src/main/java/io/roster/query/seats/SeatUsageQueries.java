package io.roster.query.seats;

import io.roster.query.organization.Organizations;
import io.roster.query.userlist.UserDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The seat tables' queries; organizations' names and places come from the organization list, usernames from the user list. */
@Repository
class SeatUsageQueries {

    record License(Integer seats, BigDecimal pricePerSeatYear, String currency) {
    }

    record OrganizationSeats(String id, String name, String parentId, long used, long usedWithChildren, Integer seatLimit) {
    }

    record Holder(String userId, String username, String organizationId, Instant since, Instant lastActivityAt,
                  String lastActivityKind) {
    }

    private final JdbcClient jdbc;
    private final Organizations organizations;
    private final UserDirectory users;

    SeatUsageQueries(JdbcClient jdbc, Organizations organizations, UserDirectory users) {
        this.jdbc = jdbc;
        this.organizations = organizations;
        this.users = users;
    }

    License license() {
        return jdbc.sql("SELECT seats, price_per_seat_year, currency FROM seat_license_view")
                .query((rs, row) -> new License((Integer) rs.getObject(1), rs.getBigDecimal(2), rs.getString(3)))
                .optional().orElse(new License(null, null, null));
    }

    long used() {
        return jdbc.sql("SELECT count(*) FROM seat_holder").query(Long.class).single();
    }

    /** Every organization by name with its own seats, those of its subtree, and its limit. */
    List<OrganizationSeats> perOrganization() {
        Map<String, Long> own = new HashMap<>();
        jdbc.sql("SELECT organization_id, count(*) FROM seat_holder GROUP BY organization_id")
                .query(rs -> {
                    own.put(rs.getString(1), rs.getLong(2));
                });
        Map<String, Integer> limits = new HashMap<>();
        jdbc.sql("SELECT organization_id, seat_limit FROM seat_org_limit")
                .query(rs -> {
                    limits.put(rs.getString(1), (Integer) rs.getObject(2));
                });
        List<Organizations.Node> nodes = organizations.all();
        Map<String, String> parents = new HashMap<>();
        nodes.forEach(node -> parents.put(node.id(), node.parentId()));
        // each organization's seats count for it and for every ancestor
        Map<String, Long> withChildren = new HashMap<>();
        for (Organizations.Node node : nodes) {
            long seats = own.getOrDefault(node.id(), 0L);
            for (String at = node.id(); at != null; at = parents.get(at)) {
                withChildren.merge(at, seats, Long::sum);
            }
        }
        List<OrganizationSeats> answer = new ArrayList<>();
        for (Organizations.Node node : nodes) {
            answer.add(new OrganizationSeats(node.id(), node.name(), node.parentId(), own.getOrDefault(node.id(), 0L),
                    withChildren.getOrDefault(node.id(), 0L), limits.get(node.id())));
        }
        return answer;
    }

    /** Seat holders without activity for {@code inactiveDays} days, least recently active first. */
    List<Holder> unused(int inactiveDays) {
        return named(jdbc.sql("""
                        SELECT h.user_id, h.organization_id, h.since, a.last_activity_at, a.last_kind
                        FROM seat_holder h LEFT JOIN user_activity a ON a.user_id = h.user_id
                        WHERE coalesce(a.last_activity_at, h.since) < now() - make_interval(days => ?)
                        ORDER BY coalesce(a.last_activity_at, h.since), h.user_id""")
                .param(inactiveDays)
                .query((rs, row) -> holder(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5)))
                .list());
    }

    /** Every seat holder by organization. */
    List<Holder> all() {
        return named(jdbc.sql("""
                        SELECT h.user_id, h.organization_id, h.since, a.last_activity_at, a.last_kind FROM seat_holder h
                        LEFT JOIN user_activity a ON a.user_id = h.user_id ORDER BY h.organization_id, h.user_id""")
                .query((rs, row) -> holder(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5)))
                .list());
    }

    /** Seats used at {@code end} and at each step of {@code unit} (an SQL interval) after {@code start} up to it. */
    List<Map.Entry<Instant, Long>> history(Instant start, Instant end, String unit) {
        return jdbc.sql("""
                        SELECT bucket, (SELECT coalesce(sum(delta), 0) FROM seat_change WHERE at < bucket) AS used
                        FROM generate_series(CAST(? AS timestamptz) + CAST(? AS interval), CAST(? AS timestamptz), CAST(? AS interval)) AS bucket
                        UNION SELECT CAST(? AS timestamptz), (SELECT coalesce(sum(delta), 0) FROM seat_change WHERE at < ?)
                        ORDER BY 1""")
                .params(start.atOffset(ZoneOffset.UTC), unit, end.atOffset(ZoneOffset.UTC), unit,
                        end.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> Map.entry(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2)))
                .list();
    }

    private static Holder holder(String userId, String organizationId, OffsetDateTime since, OffsetDateTime last,
                                 String kind) {
        return new Holder(userId, null, organizationId, since.toInstant(), last == null ? null : last.toInstant(), kind);
    }

    private List<Holder> named(List<Holder> holders) {
        Map<String, String> names = users.usernames(holders.stream().map(Holder::userId).toList());
        return holders.stream().map(h -> new Holder(h.userId(), names.get(h.userId()), h.organizationId(), h.since(),
                h.lastActivityAt(), h.lastActivityKind())).toList();
    }
}
