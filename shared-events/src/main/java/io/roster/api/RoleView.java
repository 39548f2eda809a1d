package io.roster.api;

import io.roster.roles.Companion;
import io.roster.roles.RoleDefinition;
import io.roster.roles.RoleScope;

import java.util.List;

/** A role as the API shows it: built-in (from the catalogue) or custom (seed 004, with the role it is based on). */
public record RoleView(String id,
                       String name,
                       String description,
                       String planNote,
                       List<String> limitations,
                       RoleScope scope,
                       List<String> permissions,
                       List<Companion> companions,
                       boolean builtIn,
                       String basedOn,
                       String status,
                       long version) {

    public static RoleView of(RoleDefinition role) {
        return new RoleView(role.id(), role.name(), role.description(), role.planNote(), role.limitations(),
                role.scope(), role.permissions(), role.companions(), true, null, "ACTIVE", 1);
    }
}
