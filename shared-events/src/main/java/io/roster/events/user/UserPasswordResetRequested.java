package io.roster.events.user;

import org.axonframework.serialization.Revision;

@Revision("1")
public record UserPasswordResetRequested(String userId) implements UserEvent {
}
