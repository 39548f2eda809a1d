package io.roster.command.role;

import io.roster.roles.RoleScope;

import java.util.List;
import java.util.Optional;

/** Roles as commands see them: built-in and custom, names taken, and who holds a role. */
public interface RoleDirectory {

    record Definition(String id, RoleScope scope, List<String> permissions) {
    }

    /** A built-in or active custom role. */
    Optional<Definition> find(String roleId);

    /** Claims a role name (case-insensitive, built-in names included); a 409 when taken by another role. */
    void claimName(String roleId, String name);

    /** How many active or deactivated principals hold the role. */
    long holders(String roleId);
}
