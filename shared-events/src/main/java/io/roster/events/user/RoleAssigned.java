package io.roster.events.user;

import org.axonframework.serialization.Revision;

@Revision("1")
public record RoleAssigned(String userId, String roleId, String organizationId) implements UserEvent {
}
