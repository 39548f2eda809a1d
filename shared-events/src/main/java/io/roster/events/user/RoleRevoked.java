package io.roster.events.user;

import org.axonframework.serialization.Revision;

@Revision("1")
public record RoleRevoked(String userId, String roleId, String organizationId) implements UserEvent {
}
