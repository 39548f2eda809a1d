package io.roster.events.apiclient;

import org.axonframework.serialization.Revision;

/** A new secret replaced the old one, which stops working at once. The secret itself is never in an event. */
@Revision("1")
public record ApiClientSecretRotated(String apiClientId) implements ApiClientEvent {
}
