package io.roster.events.user;

import io.roster.events.PersonalData;
import org.axonframework.serialization.Revision;

@Revision("1")
public record UserUsernameChanged(String userId, @PersonalData String username) implements UserEvent {
}
