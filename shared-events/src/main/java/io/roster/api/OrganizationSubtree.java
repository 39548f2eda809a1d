package io.roster.api;

import java.util.List;

/** The ids of an organization and all its descendants; empty when there is no such organization. */
public record OrganizationSubtree(List<String> organizationIds) {

    public OrganizationSubtree {
        organizationIds = List.copyOf(organizationIds);
    }
}
