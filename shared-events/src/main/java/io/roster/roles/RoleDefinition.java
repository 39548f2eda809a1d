package io.roster.roles;

import java.util.List;

/** One built-in role of the catalogue (seed 002, plus SYSADMIN from seeds 000 and 004). */
public record RoleDefinition(String id,
                             String name,
                             String description,
                             String planNote,
                             List<String> limitations,
                             RoleScope scope,
                             List<String> permissions,
                             List<Companion> companions) {
    public RoleDefinition {
        limitations = List.copyOf(limitations);
        permissions = List.copyOf(permissions);
        companions = List.copyOf(companions);
    }
}
