package io.roster.roles;

import java.util.List;

/** A held role whose companion requirement is not met: the assignment stands, but it will not work as meant. */
public record RoleWarning(String code, String roleId, List<String> missingAnyOf, String message) {
    public static final String MISSING_COMPANION_ROLE = "missing-companion-role";

    public RoleWarning {
        missingAnyOf = List.copyOf(missingAnyOf);
    }
}
