package io.roster.roles;

import java.util.List;

/** A role that the seed says must be assigned together with one of {@code anyOfRoles}. */
public record Companion(List<String> anyOfRoles, String note) {
    public Companion {
        anyOfRoles = List.copyOf(anyOfRoles);
    }
}
