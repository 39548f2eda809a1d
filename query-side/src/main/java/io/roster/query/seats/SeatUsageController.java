package io.roster.query.seats;

import io.roster.query.common.Csv;
import io.roster.query.common.Problems;
import io.roster.query.common.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What customers pay for: licensed and used seats, cost, use per organization (own and with children), unused
 * seats by last activity, and seats used over time, exact for any past moment because it sums the changes.
 */
@RestController
@RequestMapping("/api/v1/seat-usage")
@Tag(name = "Seats")
class SeatUsageController {

    private static final int MAX_BUCKETS = 1000;

    private final JdbcClient jdbc;

    SeatUsageController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record License(Integer seats, BigDecimal pricePerSeatYear, String currency) {
    }

    record OrganizationSeats(String id, String name, String parentId, long used, long usedWithChildren, Integer seatLimit) {
    }

    record UnusedSeat(String userId, String username, String organizationId, Instant lastActivityAt, String lastActivityKind,
                      BigDecimal costPerYear) {
    }

    record SeatUsage(Integer licensed, long used, Integer available, BigDecimal pricePerSeatYear, String currency,
                     BigDecimal annualCost, List<OrganizationSeats> organizations, int inactiveDays,
                     List<UnusedSeat> unusedSeats) {
    }

    record Point(Instant at, long used) {
    }

    @GetMapping
    @Operation(summary = "Licensed, used and available seats, cost, use per organization and unused seats")
    SeatUsage usage(@RequestParam(defaultValue = "90") int inactiveDays) {
        if (inactiveDays < 1 || inactiveDays > 3650) {
            throw Problems.badParameter("inactiveDays", "inactiveDays must be between 1 and 3650");
        }
        License license = license();
        long used = jdbc.sql("SELECT count(*) FROM seat_holder").query(Long.class).single();
        BigDecimal price = license.pricePerSeatYear();
        List<OrganizationSeats> organizations = jdbc.sql("""
                        WITH RECURSIVE closure(ancestor, descendant) AS (
                            SELECT organization_id, organization_id FROM organization_list
                            UNION ALL
                            SELECT c.ancestor, o.organization_id FROM closure c JOIN organization_list o ON o.parent_id = c.descendant),
                        own AS (SELECT organization_id, count(*) AS used FROM seat_holder GROUP BY organization_id)
                        SELECT o.organization_id, o.name, o.parent_id, coalesce(self.used, 0) AS used,
                               coalesce(sum(d.used), 0) AS used_with_children, l.seat_limit
                        FROM organization_list o
                        JOIN closure c ON c.ancestor = o.organization_id
                        LEFT JOIN own d ON d.organization_id = c.descendant
                        LEFT JOIN own self ON self.organization_id = o.organization_id
                        LEFT JOIN seat_org_limit l ON l.organization_id = o.organization_id
                        GROUP BY o.organization_id, o.name, o.parent_id, self.used, l.seat_limit
                        ORDER BY o.name, o.organization_id""")
                .query((rs, row) -> new OrganizationSeats(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), (Integer) rs.getObject(6)))
                .list();
        List<UnusedSeat> unused = jdbc.sql("""
                        SELECT h.user_id, u.username, h.organization_id, a.last_activity_at, a.last_kind
                        FROM seat_holder h
                        LEFT JOIN user_activity a ON a.user_id = h.user_id
                        LEFT JOIN user_list u ON u.user_id = h.user_id
                        WHERE coalesce(a.last_activity_at, h.since) < now() - make_interval(days => ?)
                        ORDER BY coalesce(a.last_activity_at, h.since), h.user_id""")
                .param(inactiveDays)
                .query((rs, row) -> {
                    OffsetDateTime last = rs.getObject(4, OffsetDateTime.class);
                    return new UnusedSeat(rs.getString(1), rs.getString(2), rs.getString(3),
                            last == null ? null : last.toInstant(), rs.getString(5), price);
                })
                .list();
        Integer available = license.seats() == null ? null : (int) Math.max(0, license.seats() - used);
        BigDecimal annualCost = price == null ? null : price.multiply(BigDecimal.valueOf(used));
        return new SeatUsage(license.seats(), used, available, price, license.currency(), annualCost, organizations,
                inactiveDays, unused);
    }

    @GetMapping("/history")
    @Operation(summary = "Seats used at the end of each day, week or month between from and to, from the events")
    List<Point> history(@RequestParam String from, @RequestParam String to,
                        @RequestParam(defaultValue = "day") String interval) {
        Instant start = QueryParams.requiredInstant("from", from);
        Instant end = QueryParams.requiredInstant("to", to);
        if (!end.isAfter(start)) {
            throw Problems.badParameter("to", "to must be after from");
        }
        // the step's length bounds the number of points; its SQL interval draws them (months vary in length)
        record Step(Duration length, String sql) {
        }
        Step step = switch (interval) {
            case "day" -> new Step(Duration.ofDays(1), "1 day");
            case "week" -> new Step(Duration.ofDays(7), "7 days");
            case "month" -> new Step(Duration.ofDays(30), "1 month");
            default -> throw Problems.badParameter("interval", "interval must be day, week or month");
        };
        if (Duration.between(start, end).dividedBy(step.length()) > MAX_BUCKETS) {
            throw Problems.badParameter("interval", "at most " + MAX_BUCKETS + " points: use a longer interval");
        }
        String unit = step.sql();
        return jdbc.sql("""
                        SELECT bucket, (SELECT coalesce(sum(delta), 0) FROM seat_change WHERE at < bucket) AS used
                        FROM generate_series(CAST(? AS timestamptz) + CAST(? AS interval), CAST(? AS timestamptz), CAST(? AS interval)) AS bucket
                        UNION SELECT CAST(? AS timestamptz), (SELECT coalesce(sum(delta), 0) FROM seat_change WHERE at < ?)
                        ORDER BY 1""")
                .params(start.atOffset(ZoneOffset.UTC), unit, end.atOffset(ZoneOffset.UTC), unit,
                        end.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> new Point(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2)))
                .list();
    }

    @GetMapping("/export")
    @Operation(summary = "Every seat holder as CSV: organization, since, last activity, cost per year")
    ResponseEntity<String> export(@RequestParam(defaultValue = "csv") String format) {
        if (!format.equals("csv")) {
            throw Problems.badParameter("format", "format must be csv");
        }
        BigDecimal price = license().pricePerSeatYear();
        StringBuilder csv = new StringBuilder("userId,username,organizationId,since,lastActivityAt,costPerYear\n");
        jdbc.sql("""
                        SELECT h.user_id, u.username, h.organization_id, h.since, a.last_activity_at FROM seat_holder h
                        LEFT JOIN user_activity a ON a.user_id = h.user_id LEFT JOIN user_list u ON u.user_id = h.user_id
                        ORDER BY h.organization_id, h.user_id""")
                .query(rs -> {
                    OffsetDateTime last = rs.getObject(5, OffsetDateTime.class);
                    csv.append(rs.getString(1)).append(',').append(Csv.cell(rs.getString(2))).append(',')
                            .append(rs.getString(3)).append(',').append(rs.getObject(4, OffsetDateTime.class).toInstant())
                            .append(',').append(last == null ? "" : last.toInstant().toString()).append(',')
                            .append(price == null ? "" : price.toPlainString()).append('\n');
                });
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"seat-usage.csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(csv.toString());
    }

    private License license() {
        return jdbc.sql("SELECT seats, price_per_seat_year, currency FROM seat_license_view")
                .query((rs, row) -> new License((Integer) rs.getObject(1), rs.getBigDecimal(2), rs.getString(3)))
                .optional().orElse(new License(null, null, null));
    }
}
