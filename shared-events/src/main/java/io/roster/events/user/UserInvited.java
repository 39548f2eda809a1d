package io.roster.events.user;

import org.axonframework.serialization.Revision;

/** A (new) invitation to set a password was requested; earlier links stop working. */
@Revision("1")
public record UserInvited(String userId) implements UserEvent {
}
