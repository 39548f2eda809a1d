package io.roster.command.webhook;

/** Where webhooks may go (SSRF protection), and the subscriptions' signing secrets. */
public interface WebhookTargets {

    /** Refuses (400, field url) anything but http(s) to a public address, unless the address is allowed. */
    void requireAllowed(String url);

    /** Stores a new signing secret; with {@code keepPreviousFor} the previous one keeps signing that long. */
    void storeSecret(String subscriptionId, String secret, java.time.Duration keepPreviousFor);

    void forgetSecrets(String subscriptionId);
}
