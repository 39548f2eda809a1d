package io.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Webhook delivery throughput and latency (issue #7): starts app/target/roster.jar, subscribes a local
 * receiver to user.created, creates N users from 8 concurrent callers, and reports sustained deliveries per
 * second and the latency from each event's commit (its timestamp) to its arrival at the receiver.
 * <pre>mvn -B -q package -DskipTests && mvn -B -q -pl bench exec:java -Dbench=io.roster.bench.WebhookBench -Dexec.args="2000"</pre>
 */
public final class WebhookBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WebhookBench() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path jar = Path.of(args.length > 1 ? args[1] : "app/target/roster.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            jar = Path.of("../app/target/roster.jar").toAbsolutePath();
        }
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong firstArrival = new AtomicLong();
        AtomicLong lastArrival = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/hook", exchange -> {
            long now = System.currentTimeMillis();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            latencies.add((double) (now - Instant.parse(body.path("timestamp").asText()).toEpochMilli()));
            firstArrival.compareAndSet(0, System.nanoTime());
            lastArrival.set(System.nanoTime());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        int httpPort = freePort();
        Path data = Files.createTempDirectory("roster-webhook-bench-");
        Process roster = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString(), "--server.port=" + httpPort,
                "--roster.data-dir=" + data, "--roster.bootstrap.client-id=bench",
                "--roster.bootstrap.client-secret=bench-secret-0123456789", "--roster.webhooks.allowed-cidrs=127.0.0.0/8",
                "--logging.level.root=WARN")
                .redirectErrorStream(true).redirectOutput(data.resolve("roster.log").toFile()).start();
        try {
            String base = "http://127.0.0.1:" + httpPort;
            waitForHealth(base, roster);
            String token = token(base);
            post(base + "/api/v1/webhooks", token, "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\",\"eventTypes\":[\"user.created\"]}");
            ExecutorService callers = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                int n = i;
                creates.add(callers.submit(() -> post(base + "/api/v1/users", token,
                        "{\"username\":\"bench" + n + "@example.com\",\"firstName\":\"B\",\"lastName\":\"" + n + "\"}")));
            }
            for (Future<?> create : creates) {
                create.get();
            }
            double createSeconds = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (latencies.size() < users && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            callers.shutdown();
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            double arrivalSeconds = (lastArrival.get() - firstArrival.get()) / 1e9;
            System.out.printf(Locale.ROOT, "created %d users in %.1f s (%.0f/s, 8 callers)%n", users, createSeconds,
                    users / createSeconds);
            System.out.printf(Locale.ROOT, "delivered %d webhooks in %.1f s: %.0f deliveries/s sustained%n", sorted.size(),
                    arrivalSeconds, sorted.size() / Math.max(arrivalSeconds, 0.001));
            System.out.printf(Locale.ROOT, "latency from commit to arrival: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted.get(sorted.size() - 1));
        } finally {
            roster.destroy();
            roster.waitFor();
            receiver.stop(0);
            System.exit(0);
        }
    }

    private static String post(String url, String token, String json) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String token(String base) throws Exception {
        String basic = Base64.getEncoder().encodeToString("bench:bench-secret-0123456789".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static void waitForHealth(String base, Process roster) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!roster.isAlive()) {
                throw new IllegalStateException("Roster exited during start-up");
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Roster not healthy after 120 s");
    }

    private static double percentile(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
