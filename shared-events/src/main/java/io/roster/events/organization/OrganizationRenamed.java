package io.roster.events.organization;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrganizationRenamed(String organizationId, String name) implements OrganizationEvent {
}
