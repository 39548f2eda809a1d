package io.roster.events.user;

import io.roster.events.UserType;
import org.axonframework.serialization.Revision;

@Revision("1")
public record UserReactivated(String userId, String organizationId, UserType userType) implements UserEvent {
}
