package io.roster.api;

/** Query for one custom role; waits (bounded) for {@code minVersion} like {@link FindUser}. */
public record FindCustomRole(String roleId, long minVersion) {
}
