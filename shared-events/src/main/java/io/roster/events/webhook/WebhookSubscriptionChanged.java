package io.roster.events.webhook;

import org.axonframework.serialization.Revision;

import java.util.List;

/** The subscription as it is after the change. */
@Revision("1")
public record WebhookSubscriptionChanged(String subscriptionId, String url, List<String> eventTypes, String description,
                                         boolean enabled) implements WebhookEvent {
    public WebhookSubscriptionChanged {
        eventTypes = List.copyOf(eventTypes);
    }
}
