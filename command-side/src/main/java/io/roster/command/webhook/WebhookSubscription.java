package io.roster.command.webhook;

import io.roster.command.common.Text;
import io.roster.command.webhook.WebhookCommands.ChangeSubscription;
import io.roster.command.webhook.WebhookCommands.DisableSubscription;
import io.roster.command.webhook.WebhookCommands.RotateWebhookSecret;
import io.roster.command.webhook.WebhookCommands.Subscribe;
import io.roster.command.webhook.WebhookCommands.Unsubscribe;
import io.roster.events.webhook.WebhookSecretRotated;
import io.roster.events.webhook.WebhookSubscribed;
import io.roster.events.webhook.WebhookSubscriptionChanged;
import io.roster.events.webhook.WebhookSubscriptionDisabled;
import io.roster.events.webhook.WebhookUnsubscribed;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/** A subscriber's wish to be told of lifecycle events, at a URL, signed with its own secret. */
@Aggregate
public class WebhookSubscription {

    static final Duration SECRET_OVERLAP = Duration.ofHours(24);

    @AggregateIdentifier
    private String subscriptionId;
    private String url;
    private List<String> eventTypes;
    private String description;
    private boolean enabled;
    private long version;

    protected WebhookSubscription() {
        // for Axon
    }

    @CommandHandler
    public WebhookSubscription(Subscribe command, WebhookTargets targets) {
        String url = Text.required("url", command.url(), 2000);
        targets.requireAllowed(url);
        List<String> types = WebhookEventTypes.validate(command.eventTypes());
        String description = Text.optional("description", command.description(), 500);
        targets.storeSecret(command.subscriptionId(), command.secret(), null);
        apply(new WebhookSubscribed(command.subscriptionId(), url, types, description, command.enabled()));
    }

    @CommandHandler
    public long handle(ChangeSubscription command, WebhookTargets targets) {
        String newUrl = command.url() == null ? url : Text.required("url", command.url(), 2000);
        if (!newUrl.equals(url)) {
            targets.requireAllowed(newUrl);
        }
        List<String> newTypes = command.eventTypes() == null ? eventTypes : WebhookEventTypes.validate(command.eventTypes());
        String newDescription = command.description() == null ? description
                : Text.optional("description", command.description(), 500);
        boolean newEnabled = command.enabled() == null ? enabled : command.enabled();
        if (!newUrl.equals(url) || !newTypes.equals(eventTypes) || !Objects.equals(newDescription, description)
                || newEnabled != enabled) {
            apply(new WebhookSubscriptionChanged(subscriptionId, newUrl, newTypes, newDescription, newEnabled));
        }
        return version;
    }

    @CommandHandler
    public long handle(RotateWebhookSecret command, WebhookTargets targets) {
        targets.storeSecret(subscriptionId, command.secret(), SECRET_OVERLAP);
        apply(new WebhookSecretRotated(subscriptionId));
        return version;
    }

    @CommandHandler
    public long handle(DisableSubscription command) {
        if (enabled) {
            apply(new WebhookSubscriptionDisabled(subscriptionId, command.reason()));
        }
        return version;
    }

    @CommandHandler
    public long handle(Unsubscribe command, WebhookTargets targets) {
        targets.forgetSecrets(subscriptionId);
        apply(new WebhookUnsubscribed(subscriptionId));
        return version;
    }

    @EventSourcingHandler
    void on(WebhookSubscribed event, @SequenceNumber long sequence) {
        subscriptionId = event.subscriptionId();
        url = event.url();
        eventTypes = event.eventTypes();
        description = event.description();
        enabled = event.enabled();
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(WebhookSubscriptionChanged event, @SequenceNumber long sequence) {
        url = event.url();
        eventTypes = event.eventTypes();
        description = event.description();
        enabled = event.enabled();
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(WebhookSecretRotated event, @SequenceNumber long sequence) {
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(WebhookSubscriptionDisabled event, @SequenceNumber long sequence) {
        enabled = false;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(WebhookUnsubscribed event, @SequenceNumber long sequence) {
        version = sequence + 1;
        markDeleted();
    }
}
