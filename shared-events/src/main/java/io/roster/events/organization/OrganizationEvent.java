package io.roster.events.organization;

/** Facts about one organization. Organization names are not personal data. */
public sealed interface OrganizationEvent
        permits OrganizationCreated, OrganizationRenamed, OrganizationMoved, OrganizationDeactivated,
                OrganizationReactivated, SupportAccessToggled, OrganizationRetentionSet, SeatLicenseSet,
                OrganizationSeatLimitSet, AllowedDomainsSet {

    String organizationId();
}
