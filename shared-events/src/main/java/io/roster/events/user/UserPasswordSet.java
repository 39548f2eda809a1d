package io.roster.events.user;

import org.axonframework.serialization.Revision;

/** The person set a password through a one-time link. The hash is kept outside the event store. */
@Revision("1")
public record UserPasswordSet(String userId) implements UserEvent {
}
