package io.roster.events.organization;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrganizationDeactivated(String organizationId) implements OrganizationEvent {
}
