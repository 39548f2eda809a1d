package io.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Replay rate (issue #6): prepares a Roster data directory holding N synthetic UserCreated events (personal fields
 * in clear, which the event serializer passes through) with every processor at the head, starts
 * app/target/roster.jar on it, rebuilds the user list through the API and reports events per second.
 * <pre>mvn -B -q package -DskipTests && mvn -B -q -pl bench exec:java -Dbench=io.roster.bench.ReplayBench -Dexec.args="1000000"</pre>
 */
public final class ReplayBench {

    private static final ObjectMapper JSON = BenchSupport.JSON;
    private static final HttpClient HTTP = BenchSupport.HTTP;

    private ReplayBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path jar = BenchSupport.jar(args, 1);
        String[] logging = {"--logging.level.io.roster.app.admin=INFO"};
        // 1. a fresh Roster creates its schema, root organization and processor tokens, and stops
        BenchSupport.Roster first = BenchSupport.start(jar, logging);
        Path data = first.data();
        int pgPort = first.pgPort();
        first.close();
        // 2. with Roster stopped: the events go into its event store, and every processor is moved to the head, as
        //    if all read models had long caught up (so the rebuild competes with nothing; a live catch-up of a
        //    million invitation e-mails and webhook rows is another benchmark)
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data.resolve("postgres"))
                .setCleanDataDirectory(false).setPort(pgPort).start();
             Connection db = postgres.getPostgresDatabase().getConnection();
             Statement statement = db.createStatement()) {
            long start = System.nanoTime();
            statement.execute("""
                    INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                                  payload, payloadrevision, payloadtype, timestamp)
                    SELECT 'bench-' || n, 0, 'User', 'bench-event-' || n,
                           convert_to('{"actorId":"bench","actorType":"SYSTEM","requestId":"bench"}', 'UTF8'),
                           convert_to('{"userId":"bench-' || n || '","username":"u' || n || '@example.com","firstName":"F",'
                               || '"lastName":"L","organizationId":"00000000-0000-0000-0000-0000000000a1","userType":"USER",'
                               || '"roles":["desktop-user"]}', 'UTF8'),
                           '1', 'io.roster.events.user.UserCreated', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                    FROM generate_series(1, %d) AS n""".formatted(events));
            statement.execute("""
                    UPDATE tokenentry SET owner = NULL, tokentype = 'org.axonframework.eventhandling.GapAwareTrackingToken',
                           token = convert_to('{"index":' || (SELECT max(globalindex) FROM domainevententry) || ',"gaps":[]}', 'UTF8')
                    WHERE token IS NOT NULL""");
            statement.execute("VACUUM ANALYZE domainevententry");
            System.out.printf(Locale.ROOT, "appended %,d events in %.1f s (Roster stopped)%n", events,
                    (System.nanoTime() - start) / 1e9);
        }
        // 3. Roster again, on the same data: rebuild the user list through the API
        try (BenchSupport.Roster roster = BenchSupport.start(jar, data, pgPort, logging)) {
            String base = roster.base();
            String token = BenchSupport.token(base);
            waitUntilCaughtUp(base, token);
            HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/admin/processors/user-list/replay")).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            String location = base + started.headers().firstValue("Location").orElseThrow();
            JsonNode progress;
            do {
                Thread.sleep(1000);
                progress = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(location))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
            } while (!progress.path("state").asText().equals("DONE") && !progress.path("state").asText().equals("FAILED"));
            System.out.printf(Locale.ROOT, "replayed user-list: %s, %,d events at %,.0f events/s%n",
                    progress.path("state").asText(), progress.path("processed").asLong(),
                    progress.path("eventsPerSecond").asDouble());
            // where the time went: load, then logging and indexing the tables, then the swap
            try (Stream<String> lines = Files.lines(roster.data().resolve("roster.log"))) {
                lines.filter(line -> line.contains("Rebuilt ")).forEach(line -> System.out.println(
                        line.substring(line.indexOf("Rebuilt "))));
            }
            // the rebuilt user list now holds every synthetic user: list pages at that scale (issue #9)
            String root = "00000000-0000-0000-0000-0000000000a1";
            for (String query : new String[] {"/api/v1/users?limit=50",
                    "/api/v1/users?status=ACTIVE&role=desktop-user&limit=50",
                    "/api/v1/users?organizationId=" + root + "&includeChildren=true&status=ACTIVE&limit=50",
                    "/api/v1/users?userType=USER&role=desktop-user&status=ACTIVE&limit=50",
                    "/api/v1/users?q=u999999&limit=50"}) {
                listPages(base, BenchSupport.token(base), query);
            }
        }
    }

    /** 5 s of one list query at concurrency 8; prints requests/s and p50/p95/p99. */
    private static void listPages(String base, String token, String query) throws Exception {
        java.util.concurrent.ConcurrentLinkedQueue<Double> millis = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Thread[] workers = new Thread[8];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        if (HTTP.send(HttpRequest.newBuilder(URI.create(base + query)).header("Authorization", "Bearer " + token)
                                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            });
            workers[w].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        java.util.List<Double> sorted = new java.util.ArrayList<>(millis);
        java.util.Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-95s %6.0f req/s  p50 %6.1f  p95 %6.1f  p99 %6.1f ms  failures %d%n", query,
                sorted.size() / 5.0, BenchSupport.percentile(sorted, 50), BenchSupport.percentile(sorted, 95),
                BenchSupport.percentile(sorted, 99), failures.get());
    }

    private static void waitUntilCaughtUp(String base, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode items = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/processors"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .path("items");
            boolean all = items.size() > 0;
            for (JsonNode item : items) {
                all &= item.path("lagEvents").asLong(1) == 0;
            }
            if (all) {
                return;
            }
            Thread.sleep(2000);
        }
    }



}
