package io.roster.query.organization;

import io.roster.api.FindOrganization;
import io.roster.api.OrganizationView;
import io.roster.query.common.ProjectionWaiter;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
class OrganizationQueries {

    private final OrganizationListRepository organizations;
    private final ProjectionWaiter waiter;

    OrganizationQueries(OrganizationListRepository organizations, ProjectionWaiter waiter) {
        this.organizations = organizations;
        this.waiter = waiter;
    }

    @QueryHandler
    Optional<OrganizationView> handle(FindOrganization query) {
        return waiter.awaitVersion(() -> organizations.find(query.organizationId()), OrganizationView::version, query.minVersion());
    }
}
