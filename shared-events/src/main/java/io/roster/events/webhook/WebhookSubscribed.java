package io.roster.events.webhook;

import org.axonframework.serialization.Revision;

import java.util.List;

@Revision("1")
public record WebhookSubscribed(String subscriptionId, String url, List<String> eventTypes, String description,
                                boolean enabled) implements WebhookEvent {
    public WebhookSubscribed {
        eventTypes = List.copyOf(eventTypes);
    }
}
