package io.roster.events.user;

import io.roster.events.UserType;
import org.axonframework.serialization.Revision;

/** Permanent. Carries no personal data; the user's data key is destroyed with it. */
@Revision("1")
public record UserDeleted(String userId, String organizationId, UserType userType) implements UserEvent {
}
