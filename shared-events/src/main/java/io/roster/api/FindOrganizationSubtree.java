package io.roster.api;

/** Query for an organization and all its descendants, answered by the one organization tree. */
public record FindOrganizationSubtree(String organizationId) {
}
