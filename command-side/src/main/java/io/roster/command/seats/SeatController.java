package io.roster.command.seats;

import io.roster.command.access.AccessGuard;
import io.roster.command.access.PrincipalRegistry;
import io.roster.command.common.CommandSender;
import io.roster.command.common.Refusal;
import io.roster.command.organization.OrganizationCommands.SetSeatLicense;
import io.roster.command.organization.OrganizationCommands.SetSeatLimit;
import io.roster.events.OrganizationIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The seat license, organization seat limits, and last activity. Activity is not an event: it changes far more
 * often than anything in the lifecycle and nothing decides on it, so it is a row per user (latest wins).
 */
@RestController
@Tag(name = "Seats")
class SeatController {

    private final CommandSender commands;
    private final PrincipalRegistry principals;
    private final ReportedActivity activity;
    private final AccessGuard access;

    SeatController(CommandSender commands, PrincipalRegistry principals, ReportedActivity activity, AccessGuard access) {
        this.access = access;
        this.commands = commands;
        this.principals = principals;
        this.activity = activity;
    }

    record LicenseRequest(@NotNull Integer seats, @NotNull BigDecimal pricePerSeatYear, @NotBlank String currency) {
    }

    record SeatLimitRequest(Integer seatLimit) {
    }

    enum ActivityKind { SIGN_IN, DEVICE_CONNECTED }

    record ActivityRequest(@NotNull ActivityKind kind, @NotNull Instant at, String source) {
    }

    @PutMapping("/api/v1/seat-usage/license")
    @Operation(summary = "Licensed seats and their yearly price; creations beyond them are refused with 422")
    Map<String, Object> license(@Valid @RequestBody LicenseRequest request) {
        commands.send(new SetSeatLicense(OrganizationIds.ROOT, request.seats(), request.pricePerSeatYear(),
                request.currency()), "organization", OrganizationIds.ROOT);
        return Map.of("seats", request.seats(), "pricePerSeatYear", request.pricePerSeatYear(), "currency", request.currency());
    }

    @PutMapping("/api/v1/organizations/{id}/seat-limit")
    @Operation(summary = "Seats this organization and its children may use together (null: no limit)")
    Map<String, Object> seatLimit(@PathVariable String id, @RequestBody SeatLimitRequest request) {
        commands.send(new SetSeatLimit(id, request.seatLimit()), "organization", id);
        java.util.HashMap<String, Object> answer = new java.util.HashMap<>();
        answer.put("organizationId", id);
        answer.put("seatLimit", request.seatLimit());
        return answer;
    }

    @PostMapping("/api/v1/users/{id}/activity")
    @Operation(summary = "Report a sign-in or a device connection elsewhere; keeps the latest as last activity")
    ResponseEntity<Void> activity(@PathVariable String id, @Valid @RequestBody ActivityRequest request) {
        if (request.at().isAfter(Instant.now().plus(Duration.ofMinutes(5)))) {
            throw Refusal.invalid("at", "invalid-field", "at must not be in the future");
        }
        if (request.source() != null && request.source().length() > 100) {
            throw Refusal.invalid("source", "invalid-field", "source must be at most 100 characters");
        }
        if (!principals.personExists(id)) {
            throw Refusal.notFound("user-not-found", "user " + id + " does not exist");
        }
        // reported activity hides dormant accounts from inactivity reviews: only for people the caller contains
        access.requireMayChangeUser(id);
        activity.report(id, request.at(), request.kind().name(), request.source());
        return ResponseEntity.noContent().build();
    }
}
