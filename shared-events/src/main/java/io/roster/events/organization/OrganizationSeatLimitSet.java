package io.roster.events.organization;

import org.axonframework.serialization.Revision;

/** Seats the organization and its children may use together; null lifts the limit. */
@Revision("1")
public record OrganizationSeatLimitSet(String organizationId, Integer seatLimit) implements OrganizationEvent {
}
