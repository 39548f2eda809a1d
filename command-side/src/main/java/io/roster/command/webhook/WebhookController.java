package io.roster.command.webhook;

import io.roster.command.common.CommandSender;
import io.roster.command.common.IdGenerator;
import io.roster.command.common.Refusal;
import io.roster.command.webhook.WebhookCommands.ChangeSubscription;
import io.roster.command.webhook.WebhookCommands.RotateWebhookSecret;
import io.roster.command.webhook.WebhookCommands.Subscribe;
import io.roster.command.webhook.WebhookCommands.Unsubscribe;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Webhook subscriptions (Standard Webhooks). Subscriptions are event-sourced; reads come from the subscription
 * table the commands keep, so a change is visible to the next read at once.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks")
class WebhookController {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RESOURCE = "webhook";

    private final CommandSender commands;
    private final IdGenerator ids;
    private final WebhookRegistry subscriptions;

    WebhookController(CommandSender commands, IdGenerator ids, WebhookRegistry subscriptions) {
        this.commands = commands;
        this.ids = ids;
        this.subscriptions = subscriptions;
    }

    record SubscribeRequest(@NotBlank @Size(max = 2000) String url, List<@NotBlank String> eventTypes,
                            @Size(max = 500) String description, Boolean enabled) {
    }

    record ChangeRequest(@Size(min = 1, max = 2000) String url, List<@NotBlank String> eventTypes,
                         @Size(max = 500) String description, Boolean enabled) {
    }

    record IssuedSubscription(String id, String url, List<String> eventTypes, String description, boolean enabled,
                              String secret) {
    }

    @PostMapping
    @Operation(summary = "Subscribe a URL to lifecycle events; the answer shows the signing secret (whsec_...) once")
    ResponseEntity<IssuedSubscription> subscribe(@Valid @RequestBody SubscribeRequest request) {
        String id = ids.newId();
        String secret = newSecret();
        boolean enabled = request.enabled() == null || request.enabled();
        commands.send(new Subscribe(id, request.url(), request.eventTypes(), request.description(), enabled, secret),
                RESOURCE, id);
        WebhookRegistry.Subscription created = find(id);
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + id)).body(new IssuedSubscription(id,
                created.url(), created.eventTypes(), created.description(), created.enabled(), secret));
    }

    @GetMapping
    @Operation(summary = "Every subscription (never its secret)")
    Map<String, List<WebhookRegistry.Subscription>> list() {
        return Map.of("items", subscriptions.all());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One subscription")
    WebhookRegistry.Subscription get(@PathVariable String id) {
        return find(id);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change URL, event types, description or enabled")
    WebhookRegistry.Subscription change(@PathVariable String id, @Valid @RequestBody ChangeRequest request) {
        commands.send(new ChangeSubscription(id, request.url(), request.eventTypes(), request.description(),
                request.enabled()), RESOURCE, id);
        return find(id);
    }

    @PostMapping("/{id}/rotate-secret")
    @Operation(summary = "A new signing secret, shown once; the old one keeps signing for 24 hours")
    Map<String, String> rotate(@PathVariable String id) {
        String secret = newSecret();
        commands.send(new RotateWebhookSecret(id, secret), RESOURCE, id);
        return Map.of("id", id, "secret", secret);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Unsubscribe: nothing more is delivered")
    ResponseEntity<Void> delete(@PathVariable String id) {
        commands.send(new Unsubscribe(id), RESOURCE, id);
        return ResponseEntity.noContent().build();
    }

    private WebhookRegistry.Subscription find(String id) {
        return subscriptions.find(id)
                .orElseThrow(() -> Refusal.notFound("webhook-not-found", "webhook subscription " + id + " does not exist"));
    }

    /** Standard Webhooks secrets: "whsec_" + base64 of 24 random bytes. */
    private static String newSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }
}
