package io.roster.events.user;

import io.roster.events.PersonalData;
import org.axonframework.serialization.Revision;

/** First and last name as they are after the change. */
@Revision("1")
public record UserProfileUpdated(String userId,
                                 @PersonalData String firstName,
                                 @PersonalData String lastName) implements UserEvent {
}
