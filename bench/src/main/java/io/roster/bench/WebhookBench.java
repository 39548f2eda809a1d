package io.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    private static final ObjectMapper JSON = BenchSupport.JSON;
    private static final HttpClient HTTP = BenchSupport.HTTP;

    private WebhookBench() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        // when each user's webhook arrived and when its creator had the answer (the commit lies before it)
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        Map<String, Long> answers = new ConcurrentHashMap<>();
        AtomicLong firstArrival = new AtomicLong();
        AtomicLong lastArrival = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/hook", exchange -> {
            long now = System.currentTimeMillis();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            latencies.add((double) (now - Instant.parse(body.path("timestamp").asText()).toEpochMilli()));
            arrivals.put(body.path("data").path("userId").asText(), now);
            firstArrival.compareAndSet(0, System.nanoTime());
            lastArrival.set(System.nanoTime());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (BenchSupport.Roster roster = BenchSupport.start(BenchSupport.jar(args, 1),
                "--roster.webhooks.allowed-cidrs=127.0.0.0/8")) {
            String base = roster.base();
            String token = BenchSupport.token(base);
            post(base + "/api/v1/webhooks", token, "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\",\"eventTypes\":[\"user.created\"]}");
            ExecutorService callers = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                int n = i;
                creates.add(callers.submit(() -> {
                    String created = post(base + "/api/v1/users", token,
                            "{\"username\":\"bench" + n + "@example.com\",\"firstName\":\"B\",\"lastName\":\"" + n + "\"}");
                    answers.put(JSON.readTree(created).path("id").asText(), System.currentTimeMillis());
                    return null;
                }));
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
            printLatency("latency from the event's timestamp (taken in the command, before its handlers and commit) to"
                    + " arrival", sorted);
            List<Double> afterAnswer = new ArrayList<>();
            answers.forEach((userId, answered) -> {
                Long arrived = arrivals.get(userId);
                if (arrived != null) {
                    afterAnswer.add((double) (arrived - answered));
                }
            });
            printLatency("latency from the caller's answer (after the commit) to arrival, negative when it arrived first",
                    afterAnswer);
            commitToArrival(roster, arrivals);
        } finally {
            receiver.stop(0);
        }
        System.exit(0);
    }

    /**
     * From each creation's commit, as PostgreSQL recorded it ({@code track_commit_timestamp = on}; a setting that
     * needs a restart, so only when the database has it), to its webhook's arrival.
     */
    private static void commitToArrival(BenchSupport.Roster roster, Map<String, Long> arrivals) throws Exception {
        try (java.sql.Connection connection = BenchSupport.connect(roster.jdbcUrl());
             java.sql.Statement statement = connection.createStatement()) {
            try (java.sql.ResultSet on = statement.executeQuery("SHOW track_commit_timestamp")) {
                if (!on.next() || !on.getString(1).equals("on")) {
                    System.out.println("latency from commit to arrival: not measured (track_commit_timestamp is off)");
                    return;
                }
            }
            List<Double> fromCommit = new ArrayList<>();
            try (java.sql.ResultSet rows = statement.executeQuery("SELECT aggregateidentifier,"
                    + " (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000)::bigint FROM domainevententry"
                    + " WHERE payloadtype LIKE '%.UserCreated'")) {
                while (rows.next()) {
                    Long arrived = arrivals.get(rows.getString(1));
                    if (arrived != null) {
                        fromCommit.add((double) (arrived - rows.getLong(2)));
                    }
                }
            }
            printLatency("latency from commit (pg_xact_commit_timestamp) to arrival, " + fromCommit.size() + " webhooks",
                    fromCommit);
        }
    }

    /** Percentiles and maximum of {@code millis} (sorted here), after {@code label}. */
    private static void printLatency(String label, List<Double> millis) {
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "%s: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%n", label,
                BenchSupport.percentile(millis, 50), BenchSupport.percentile(millis, 95),
                BenchSupport.percentile(millis, 99), millis.get(millis.size() - 1));
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




}
