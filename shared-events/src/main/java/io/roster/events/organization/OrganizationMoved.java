package io.roster.events.organization;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrganizationMoved(String organizationId, String fromParentId,
                                String toParentId) implements OrganizationEvent {
}
