package io.roster.command.user;

import io.roster.command.common.Refusal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Which role ids exist. Built-in roles today; custom roles join them later behind the same question. */
@FunctionalInterface
public interface RoleLookup {
    boolean exists(String roleId);

    /** {@code roleIds} without repeats, refusing any that is null or does not exist. */
    default List<String> requireAll(List<String> roleIds) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(roleIds));
        for (String roleId : unique) {
            if (roleId == null || !exists(roleId)) {
                throw Refusal.unprocessable("roles", "role-not-found", "role " + roleId + " does not exist");
            }
        }
        return unique;
    }
}
