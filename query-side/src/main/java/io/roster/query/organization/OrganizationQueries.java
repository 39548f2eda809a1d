package io.roster.query.organization;

import io.roster.api.FindOrganization;
import io.roster.api.OrganizationView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
class OrganizationQueries {

    private final OrganizationListRepository organizations;

    OrganizationQueries(OrganizationListRepository organizations) {
        this.organizations = organizations;
    }

    @QueryHandler
    Optional<OrganizationView> handle(FindOrganization query) {
        return organizations.find(query.organizationId());
    }
}
