package io.roster.api;

/** Query for one organization, read like {@link FindUser}. */
public record FindOrganization(String organizationId) {
}
