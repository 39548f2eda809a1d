package io.roster.events.user;

import org.axonframework.serialization.Revision;

@Revision("1")
public record UserMovedToOrganization(String userId, String fromOrganizationId,
                                      String toOrganizationId) implements UserEvent {
}
