package io.roster.command.user;

/** Which role ids exist. Built-in roles today; custom roles join them later behind the same question. */
@FunctionalInterface
public interface RoleLookup {
    boolean exists(String roleId);
}
