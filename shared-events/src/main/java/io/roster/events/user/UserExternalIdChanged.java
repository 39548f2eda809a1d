package io.roster.events.user;

import io.roster.events.PersonalData;
import org.axonframework.serialization.Revision;

/**
 * The identity provider's own id for the user (SCIM {@code externalId}, e.g. Okta's or Entra ID's object id),
 * or null when removed. Opaque, but it names the person in the provider's directory: personal data, encrypted
 * with the person's key like their names (events written before it was are read as they are, in clear).
 */
@Revision("1")
public record UserExternalIdChanged(String userId, @PersonalData String externalId) implements UserEvent {
}
