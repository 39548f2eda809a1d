package io.roster.events.organization;

import org.axonframework.serialization.Revision;

/**
 * How long deactivated users of this organization (and of children without their own policy) are kept before
 * they are deleted; an ISO-8601 duration such as "P365D", or null for "kept until someone deletes them".
 */
@Revision("1")
public record OrganizationRetentionSet(String organizationId, String deactivatedUserRetention)
        implements OrganizationEvent {
}
