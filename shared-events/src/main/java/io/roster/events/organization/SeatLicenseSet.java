package io.roster.events.organization;

import org.axonframework.serialization.Revision;

import java.math.BigDecimal;

/** The environment's licensed seats and their price (seed 000: about $90 per user per year); on the root. */
@Revision("1")
public record SeatLicenseSet(String organizationId, int seats, BigDecimal pricePerSeatYear, String currency)
        implements OrganizationEvent {
}
