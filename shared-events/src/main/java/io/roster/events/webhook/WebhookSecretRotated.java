package io.roster.events.webhook;

import org.axonframework.serialization.Revision;

/** A new signing secret; the previous one keeps signing too for the overlap period. */
@Revision("1")
public record WebhookSecretRotated(String subscriptionId) implements WebhookEvent {
}
