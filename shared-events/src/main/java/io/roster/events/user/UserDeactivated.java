package io.roster.events.user;

import io.roster.events.PersonalData;
import io.roster.events.UserType;
import org.axonframework.serialization.Revision;

/** Keeps data and roles, frees the seat. The free-text reason may name people, so it is personal data. */
@Revision("1")
public record UserDeactivated(String userId, String organizationId, UserType userType,
                              @PersonalData String reason) implements UserEvent {
}
