package io.roster.query.seats;

import io.roster.query.common.Csv;
import io.roster.query.common.Problems;
import io.roster.query.common.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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

    private final SeatUsageQueries seats;

    SeatUsageController(SeatUsageQueries seats) {
        this.seats = seats;
    }

    record UnusedSeat(String userId, String username, String organizationId, Instant lastActivityAt, String lastActivityKind,
                      BigDecimal costPerYear) {
    }

    record SeatUsage(Integer licensed, long used, Integer available, BigDecimal pricePerSeatYear, String currency,
                     BigDecimal annualCost, List<SeatUsageQueries.OrganizationSeats> organizations, int inactiveDays,
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
        SeatUsageQueries.License license = seats.license();
        long used = seats.used();
        BigDecimal price = license.pricePerSeatYear();
        List<UnusedSeat> unused = seats.unused(inactiveDays).stream().map(holder -> new UnusedSeat(holder.userId(),
                holder.username(), holder.organizationId(), holder.lastActivityAt(), holder.lastActivityKind(), price))
                .toList();
        Integer available = license.seats() == null ? null : (int) Math.max(0, license.seats() - used);
        BigDecimal annualCost = price == null ? null : price.multiply(BigDecimal.valueOf(used));
        return new SeatUsage(license.seats(), used, available, price, license.currency(), annualCost, seats.perOrganization(),
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
        return seats.history(start, end, step.sql()).stream().map(point -> new Point(point.getKey(), point.getValue()))
                .toList();
    }

    @GetMapping("/export")
    @Operation(summary = "Every seat holder as CSV: organization, since, last activity, cost per year")
    ResponseEntity<String> export(@RequestParam(defaultValue = "csv") String format) {
        if (!format.equals("csv")) {
            throw Problems.badParameter("format", "format must be csv");
        }
        BigDecimal price = seats.license().pricePerSeatYear();
        StringBuilder csv = new StringBuilder("userId,username,organizationId,since,lastActivityAt,costPerYear\n");
        for (SeatUsageQueries.Holder holder : seats.all()) {
            csv.append(holder.userId()).append(',').append(Csv.cell(holder.username())).append(',')
                    .append(holder.organizationId()).append(',').append(holder.since()).append(',')
                    .append(holder.lastActivityAt() == null ? "" : holder.lastActivityAt().toString()).append(',')
                    .append(price == null ? "" : price.toPlainString()).append('\n');
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"seat-usage.csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(csv.toString());
    }
}
