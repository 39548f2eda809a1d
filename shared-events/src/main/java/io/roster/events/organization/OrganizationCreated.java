package io.roster.events.organization;

import org.axonframework.serialization.Revision;

/** {@code parentId} is null only for the root organization. */
@Revision("1")
public record OrganizationCreated(String organizationId, String name, String parentId,
                                  boolean root) implements OrganizationEvent {
}
