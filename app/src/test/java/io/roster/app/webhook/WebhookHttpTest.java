package io.roster.app.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Standard Webhooks deliveries to a real HTTP receiver that verifies every signature with the reference library. */
class WebhookHttpTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Received(Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.get(name).get(0);
        }
    }

    private HttpServer receiver;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 500;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
            received.add(new Received(headers, body));
            int status = failuresLeft.getAndDecrement() > 0 ? failureStatus : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        // one receiver may hold its request (a slow one) while the others answer
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        receiver.start();
    }

    private final List<String> subscriptions = new ArrayList<>();

    @AfterEach
    void stopReceiver() {
        subscriptions.forEach(id -> api.delete("/api/v1/webhooks/" + id));
        receiver.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private Response subscribe(List<String> eventTypes) {
        Response created = api.post("/api/v1/webhooks", Map.of("url", url(), "eventTypes", eventTypes,
                "description", "test receiver"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        subscriptions.add(created.text("id"));
        return created;
    }

    private List<Received> awaitReceived(String type, int count) {
        Eventually.await(count + " deliveries of " + type, Duration.ofSeconds(15), () -> ofType(type).size() >= count);
        return ofType(type);
    }

    private List<Received> ofType(String type) {
        synchronized (received) {
            return received.stream().filter(r -> r.body().contains("\"type\":\"" + type + "\"")).toList();
        }
    }

    private static void verify(String secret, Received delivery) throws Exception {
        HttpHeaders headers = HttpHeaders.of(Map.of("webhook-id", List.of(delivery.header("webhook-id")),
                "webhook-timestamp", List.of(delivery.header("webhook-timestamp")),
                "webhook-signature", List.of(delivery.header("webhook-signature"))), (a, b) -> true);
        new Webhook(secret).verify(delivery.body(), headers);
    }

    /** A subscription whose signing secret cannot be read fails its own deliveries, recorded, and no one else's. */
    @Test
    void an_unreadable_secret_fails_only_its_own_subscriptions_deliveries() {
        Response broken = subscribe(List.of("user.created"));
        jdbc.sql("UPDATE webhook_secret SET secret = ? WHERE subscription_id = ?")
                .params(new byte[] {1, 2, 3}, broken.text("id")).update();
        Response fine = api.post("/api/v1/webhooks", Map.of("url", url(), "eventTypes", List.of("user.created"),
                "description", "a healthy receiver"));
        subscriptions.add(fine.text("id"));
        String userId = createUser(uniqueUsername("secretless"), null).text("id");

        Eventually.await("the healthy subscription's delivery", Duration.ofSeconds(15), () ->
                ofType("user.created").stream().anyMatch(r -> r.body().contains(userId)));
        Eventually.await("the broken subscription's attempt is recorded", Duration.ofSeconds(15), () ->
                api.get("/api/v1/webhooks/" + broken.text("id") + "/deliveries").raw().contains("secret could not be read"));
        assertThat(ofType("user.created").stream().filter(r -> r.body().contains(userId)).count())
                .as("only the healthy subscription received it").isEqualTo(1);
    }

    /**
     * A receiver that takes its time holds one sender, not the dispatcher: deliveries committed meanwhile go out to
     * the other receivers at once instead of waiting for the slow send to end.
     */
    @Test
    void a_slow_receiver_does_not_hold_back_the_deliveries_to_others() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger slowReceived = new java.util.concurrent.atomic.AtomicInteger();
        receiver.createContext("/slow", exchange -> {
            exchange.getRequestBody().readAllBytes();
            slowReceived.incrementAndGet();
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        Response slow = api.post("/api/v1/webhooks", Map.of("url", url().replace("/hook", "/slow"),
                "eventTypes", List.of("user.created"), "description", "slow receiver"));
        assertThat(slow.status()).as(slow.toString()).isEqualTo(201);
        subscriptions.add(slow.text("id"));
        subscribe(List.of("user.created"));
        try {
            String first = createUser(uniqueUsername("slow.first"), null).text("id");
            Eventually.await("the slow receiver holds the first delivery", Duration.ofSeconds(15),
                    () -> slowReceived.get() >= 1);
            String second = createUser(uniqueUsername("slow.second"), null).text("id");
            // both arrive while the slow receiver still holds the first delivery
            Eventually.await("the other receiver has both users", Duration.ofSeconds(8), () ->
                    ofType("user.created").stream().filter(r -> r.body().contains(first) || r.body().contains(second))
                            .count() == 2);
            assertThat(release.getCount()).as("the slow receiver was not released before").isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void lifecycle_events_arrive_signed_with_the_subscription_secret_and_filtered_by_type() throws Exception {
        Response subscription = subscribe(List.of("user.*"));
        String secret = subscription.text("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(api.get("/api/v1/webhooks/" + subscription.text("id")).raw()).doesNotContain(secret);

        String userId = createUser(uniqueUsername("hooked"), null).text("id");
        createOrganization("Not for user.* " + System.nanoTime(), null);
        Received created = awaitReceived("user.created", 1).stream()
                .filter(r -> r.body().contains(userId)).findFirst().orElseThrow();
        verify(secret, created);
        JsonNode body = JSON.readTree(created.body());
        assertThat(body.path("type").asText()).isEqualTo("user.created");
        assertThat(body.path("timestamp").asText()).isNotBlank();
        assertThat(body.path("data").path("userId").asText()).isEqualTo(userId);
        assertThat(body.path("data").path("actor").path("type").asText()).isEqualTo("API_CLIENT");
        assertThat(body.path("data").path("position").asLong()).isPositive();
        assertThat(created.header("webhook-id")).startsWith("msg_");
        assertThat(ofType("organization.created")).as("filtered out by user.*").isEmpty();

        api.put("/api/v1/users/" + userId + "/roles/org-manager");
        verify(secret, awaitReceived("user.role_assigned", 1).get(0));
    }

    @Test
    void failed_deliveries_are_retried_on_schedule_then_kept_as_dead_letters_and_redelivered() throws Exception {
        Response subscription = subscribe(List.of("user.deactivated"));
        String id = subscription.text("id");
        failuresLeft.set(2);
        String userId = createUser(uniqueUsername("retried"), null).text("id");
        api.post("/api/v1/users/" + userId + "/deactivate", null);
        List<Received> attempts = awaitReceived("user.deactivated", 3);
        assertThat(attempts).extracting(r -> r.header("webhook-id")).containsOnly(attempts.get(0).header("webhook-id"));
        Eventually.await("the delivery succeeded", Duration.ofSeconds(10), () ->
                api.get("/api/v1/webhooks/" + id + "/deliveries?status=SUCCEEDED").body().path("items").size() == 1);
        JsonNode log = api.get("/api/v1/webhooks/" + id + "/deliveries").body().path("items").get(0).path("attemptLog");
        assertThat(log).hasSize(3);
        assertThat(List.of(log.get(0).path("statusCode").asInt(), log.get(1).path("statusCode").asInt(),
                log.get(2).path("statusCode").asInt())).containsExactly(500, 500, 204);

        failuresLeft.set(100);
        String second = createUser(uniqueUsername("dead"), null).text("id");
        api.post("/api/v1/users/" + second + "/deactivate", null);
        Eventually.await("a dead letter after the last attempt", Duration.ofSeconds(15), () ->
                api.get("/api/v1/webhooks/" + id + "/deliveries?status=DEAD").body().path("items").size() == 1);
        long deliveryId = api.get("/api/v1/webhooks/" + id + "/deliveries?status=DEAD").body().path("items").get(0)
                .path("id").asLong();
        failuresLeft.set(0);
        assertThat(api.post("/api/v1/webhooks/" + id + "/deliveries/" + deliveryId + "/redeliver", null).status())
                .isEqualTo(202);
        Eventually.await("redelivered", Duration.ofSeconds(10), () ->
                api.get("/api/v1/webhooks/" + id + "/deliveries?status=SUCCEEDED").body().path("items").size() == 2);
    }

    @Test
    void a_subscription_failing_everything_for_five_days_is_disabled_and_admins_are_emailed() throws Exception {
        String admin = uniqueUsername("hook.admin");
        createUser(admin, null, "customer-cloud-admin");
        Response subscription = subscribe(List.of("user.deactivated"));
        String id = subscription.text("id");
        failuresLeft.set(1000);
        String first = createUser(uniqueUsername("failing1"), null).text("id");
        api.post("/api/v1/users/" + first + "/deactivate", null);
        Eventually.await("a first dead letter", Duration.ofSeconds(15), () ->
                api.get("/api/v1/webhooks/" + id + "/deliveries?status=DEAD").body().path("items").size() == 1);
        assertThat(api.get("/api/v1/webhooks/" + id).body().path("enabled").asBoolean()).isTrue();

        // nothing has succeeded for six days
        jdbc.sql("UPDATE webhook_delivery SET created_at = now() - interval '6 days' WHERE subscription_id = ?")
                .param(id).update();
        String second = createUser(uniqueUsername("failing2"), null).text("id");
        api.post("/api/v1/users/" + second + "/deactivate", null);
        Eventually.await("the subscription is disabled", Duration.ofSeconds(15), () ->
                !api.get("/api/v1/webhooks/" + id).body().path("enabled").asBoolean());
        assertThat(api.get("/api/v1/webhooks/" + id).text("disabledReason")).contains("5 days");
        jakarta.mail.internet.MimeMessage mail = io.roster.app.People.awaitMail(MAIL, admin, 2);
        assertThat(mail.getSubject()).contains("disabled a failing webhook");
        assertThat((String) mail.getContent()).contains(url());
    }

    @Test
    void a_receiver_answering_410_gone_disables_the_subscription() {
        Response subscription = subscribe(List.of("user.created"));
        failureStatus = 410;
        failuresLeft.set(1);
        createUser(uniqueUsername("gone"), null);
        Eventually.await("the subscription is disabled", Duration.ofSeconds(10), () ->
                !api.get("/api/v1/webhooks/" + subscription.text("id")).body().path("enabled").asBoolean());
        assertThat(api.get("/api/v1/webhooks/" + subscription.text("id")).text("disabledReason")).contains("410");
    }

    @Test
    void both_secrets_sign_during_the_overlap_after_a_rotation_and_tests_can_be_sent() throws Exception {
        Response subscription = subscribe(List.of("*"));
        String id = subscription.text("id");
        String oldSecret = subscription.text("secret");
        String newSecret = api.post("/api/v1/webhooks/" + id + "/rotate-secret", null).text("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(api.post("/api/v1/webhooks/" + id + "/test", null).status()).isEqualTo(202);
        Received test = awaitReceived("webhook.test", 1).get(0);
        assertThat(test.header("webhook-signature").split(" ")).hasSize(2);
        verify(newSecret, test);
        verify(oldSecret, test);
    }

    @Test
    void unsafe_targets_and_bad_subscriptions_are_refused() {
        for (String url : List.of("http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data",
                "ftp://example.com/hook", "http://192.168.1.10/hook", "not a url")) {
            Response refused = api.post("/api/v1/webhooks", Map.of("url", url, "eventTypes", List.of("*")));
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.text("field")).as(url).isEqualTo("url");
        }
        assertThat(api.post("/api/v1/webhooks", Map.of("url", url(), "eventTypes", List.of("user.exploded")))
                .text("field")).isEqualTo("eventTypes");
        assertThat(clientWith(null, "org-admin").get("/api/v1/webhooks").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/webhooks/event-types").body().path("items").size()).isGreaterThanOrEqualTo(16);
        assertThat(api.get("/api/v1/webhooks/nope").status()).isEqualTo(404);
    }

    @Test
    void ipv6_forms_of_an_allow_listed_ipv4_address_and_plain_http_to_the_internet_are_refused() {
        // 127.0.0.0/8 is allow-listed for the tests' receivers; its IPv6 spellings are not
        for (String url : List.of("https://[::ffff:127.0.0.1]/hook", "https://[::127.0.0.1]/hook",
                "https://[64:ff9b::7f00:1]/hook", "https://[2002:7f00:1::1]/hook", "https://[2001::1]/hook",
                "https://0.0.0.0/hook", "https://198.18.0.1/hook", "https://[fd00::1]/hook",
                "http://93.184.215.14/hook")) {
            Response refused = api.post("/api/v1/webhooks", Map.of("url", url, "eventTypes", List.of("*")));
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.contentType()).as(url).startsWith("application/problem+json");
            assertThat(refused.text("field")).as(url).isEqualTo("url");
            assertThat(refused.text("type")).as(url).isEqualTo("/problems/webhook-target-refused");
        }
        assertThat(api.post("/api/v1/webhooks", Map.of("url", "http://93.184.215.14/hook", "eventTypes", List.of("*")))
                .text("detail")).contains("https", "ROSTER_WEBHOOKS_ALLOW_HTTP");
    }
}
