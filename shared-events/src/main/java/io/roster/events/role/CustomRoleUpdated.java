package io.roster.events.role;

import org.axonframework.serialization.Revision;

import java.util.List;

/** Name and permissions as they are after the change. */
@Revision("1")
public record CustomRoleUpdated(String roleId, String name, List<String> permissions) implements CustomRoleEvent {
    public CustomRoleUpdated {
        permissions = List.copyOf(permissions);
    }
}
