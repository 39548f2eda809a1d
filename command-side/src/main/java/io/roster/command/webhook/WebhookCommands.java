package io.roster.command.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public final class WebhookCommands {

    private WebhookCommands() {
    }

    /** {@code secret} is stored (encrypted) outside the event store, in the command's transaction. */
    public record Subscribe(@TargetAggregateIdentifier String subscriptionId, String url, List<String> eventTypes,
                            String description, boolean enabled, String secret) {
    }

    /** Null fields are left as they are. */
    public record ChangeSubscription(@TargetAggregateIdentifier String subscriptionId, String url,
                                     List<String> eventTypes, String description, Boolean enabled) {
    }

    public record RotateWebhookSecret(@TargetAggregateIdentifier String subscriptionId, String secret) {
    }

    public record DisableSubscription(@TargetAggregateIdentifier String subscriptionId, String reason) {
    }

    public record Unsubscribe(@TargetAggregateIdentifier String subscriptionId) {
    }
}
