package io.roster.events.organization;

import org.axonframework.serialization.Revision;

/**
 * Support Access (seed 003) was enabled or disabled for the whole environment; an event of the root
 * organization. Who changed it and when are the event's actor metadata and timestamp.
 */
@Revision("1")
public record SupportAccessToggled(String organizationId, boolean enabled) implements OrganizationEvent {
}
