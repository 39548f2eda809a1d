package io.roster.events.webhook;

import org.axonframework.serialization.Revision;

@Revision("1")
public record WebhookUnsubscribed(String subscriptionId) implements WebhookEvent {
}
