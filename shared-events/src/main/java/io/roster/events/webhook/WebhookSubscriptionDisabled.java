package io.roster.events.webhook;

import org.axonframework.serialization.Revision;

/** Roster stopped delivering on its own, e.g. because the receiver answered 410 Gone. */
@Revision("1")
public record WebhookSubscriptionDisabled(String subscriptionId, String reason) implements WebhookEvent {
}
