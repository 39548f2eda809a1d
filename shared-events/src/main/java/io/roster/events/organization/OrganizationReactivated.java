package io.roster.events.organization;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrganizationReactivated(String organizationId) implements OrganizationEvent {
}
