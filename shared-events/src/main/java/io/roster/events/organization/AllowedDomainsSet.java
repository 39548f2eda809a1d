package io.roster.events.organization;

import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * The e-mail domains usernames must belong to (seed 000: the company's SSO domain), lower case, sorted; empty
 * means any domain. Set on the root organization; applies to every way a user is created or renamed.
 */
@Revision("1")
public record AllowedDomainsSet(String organizationId, List<String> domains) implements OrganizationEvent {
}
