package io.roster.events.webhook;

/** Facts about one webhook subscription. Its signing secrets never appear in events. */
public sealed interface WebhookEvent permits WebhookSubscribed, WebhookSubscriptionChanged, WebhookSecretRotated,
        WebhookSubscriptionDisabled, WebhookUnsubscribed {

    String subscriptionId();
}
