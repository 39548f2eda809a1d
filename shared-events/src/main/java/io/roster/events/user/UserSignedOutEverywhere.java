package io.roster.events.user;

import org.axonframework.serialization.Revision;

/**
 * An administrator ended all of the person's sessions and cut every token issued to them so far (a lost laptop, a
 * leaked token); the person can sign in again with their password.
 */
@Revision("1")
public record UserSignedOutEverywhere(String userId) implements UserEvent {
}
