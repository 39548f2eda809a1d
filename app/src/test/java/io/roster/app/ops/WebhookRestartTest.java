package io.roster.app.ops;

import com.sun.net.httpserver.HttpServer;
import io.roster.app.Eventually;
import io.roster.app.RosterApi;
import io.roster.app.RosterApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver is down while Roster restarts: nothing pending is lost, nothing acknowledged is sent again. */
class WebhookRestartTest {

    @Test
    void pending_deliveries_survive_a_restart_and_acknowledged_ones_are_not_sent_again() throws Exception {
        Path dataDir = Files.createTempDirectory("roster-webhook-restart-");
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = receiver.getAddress().getPort();
        receiver.createContext("/hook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("webhook-id") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        String acknowledgedUser;
        String pendingUser;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            RosterApi api = api(first);
            receiver.start();
            api.post("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:" + port + "/hook", "eventTypes",
                    List.of("user.created")));
            acknowledgedUser = api.post("/api/v1/users", Map.of("username", "acked@example.com", "firstName", "A",
                    "lastName", "Cked")).text("id");
            Eventually.await("the first delivery is acknowledged", Duration.ofSeconds(10),
                    () -> received.stream().anyMatch(body -> body.contains(acknowledgedUser)));
            receiver.stop(0); // the receiver goes down...
            pendingUser = api.post("/api/v1/users", Map.of("username", "pending@example.com", "firstName", "P",
                    "lastName", "Ending")).text("id");
        } // ...and Roster restarts while the second delivery is pending
        HttpServer again = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        again.createContext("/hook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("webhook-id") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        again.start();
        try (ConfigurableApplicationContext second = start(dataDir)) {
            Eventually.await("the pending delivery arrives after the restart", Duration.ofSeconds(20),
                    () -> received.stream().anyMatch(body -> body.contains(pendingUser)));
            assertThat(received.stream().filter(body -> body.contains(acknowledgedUser)).count())
                    .as("the acknowledged delivery is not sent again").isEqualTo(1);
            assertThat(received.stream().filter(body -> body.contains(pendingUser)).count()).isEqualTo(1);
        } finally {
            again.stop(0);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        RosterApplication.disableAxonUpdateChecker();
        return new SpringApplicationBuilder(RosterApplication.class).run("--server.port=0",
                "--roster.data-dir=" + dataDir, "--roster.bootstrap.client-id=hook-admin",
                "--roster.bootstrap.client-secret=hook-admin-secret-0123456789",
                "--roster.webhooks.allowed-cidrs=127.0.0.0/8", "--roster.webhooks.retry-schedule=0s,1s,1s,1s,1s,1s",
                "--roster.webhooks.poll-interval=200ms");
    }

    private static RosterApi api(ConfigurableApplicationContext context) {
        return new RosterApi(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")))
                .asClient("hook-admin", "hook-admin-secret-0123456789");
    }
}
