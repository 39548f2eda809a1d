package io.roster.api;

/** Query for one organization; waits (bounded) for {@code minVersion} like {@link FindUser}. */
public record FindOrganization(String organizationId, long minVersion) {
}
