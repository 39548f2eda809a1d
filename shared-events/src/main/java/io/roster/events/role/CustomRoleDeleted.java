package io.roster.events.role;

import org.axonframework.serialization.Revision;

@Revision("1")
public record CustomRoleDeleted(String roleId) implements CustomRoleEvent {
}
