package io.roster.api;

/** Query for one custom role, read like {@link FindUser}. */
public record FindCustomRole(String roleId) {
}
