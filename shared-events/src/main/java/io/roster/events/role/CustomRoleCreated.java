package io.roster.events.role;

import io.roster.roles.RoleScope;
import org.axonframework.serialization.Revision;

import java.util.List;

/** {@code permissions} are the final set (base role's, plus added, minus removed); the scope is the base role's. */
@Revision("1")
public record CustomRoleCreated(String roleId, String name, String basedOn, RoleScope scope,
                                List<String> permissions) implements CustomRoleEvent {
    public CustomRoleCreated {
        permissions = List.copyOf(permissions);
    }
}
