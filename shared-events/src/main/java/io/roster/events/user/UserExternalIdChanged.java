package io.roster.events.user;

import org.axonframework.serialization.Revision;

/**
 * The identity provider's own id for the user (SCIM {@code externalId}, e.g. Okta's or Entra ID's object id),
 * or null when removed. An opaque identifier, not personal data.
 */
@Revision("1")
public record UserExternalIdChanged(String userId, String externalId) implements UserEvent {
}
