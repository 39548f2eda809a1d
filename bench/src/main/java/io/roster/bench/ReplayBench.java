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
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Data generator, replay rate and reads at scale (issues #6 and #9): prepares a Roster data directory holding a
 * synthetic environment of U users with E events each (personal fields in clear, which the event serializer passes
 * through) with every processor at the head, starts app/target/roster.jar on it, rebuilds read models through the
 * API (events per second each), then measures user-list pages and audit-log queries at that scale.
 * <p>
 * With E = 1 every user has only {@code UserCreated}; with E > 1 each user's history is a lifecycle: created in
 * one of 20 organizations, roles assigned and revoked, profile updates, deactivated and reactivated, and a third of
 * them deactivated at the end; actors are 90 % administrators, 5 % Code42 support users and 5 % API clients, and the
 * events are spread over the past year.
 * <pre>mvn -B -q package -DskipTests && mvn -B -q -pl bench exec:java -Dbench=io.roster.bench.ReplayBench -Dexec.args="1000000 10"</pre>
 * (arguments: users, events per user; {@code -Dbench.replay=user-list,audit-log} picks the read models to rebuild;
 * one writer creates users during each rebuild unless {@code -Dbench.writer=false})
 */
public final class ReplayBench {

    private static final ObjectMapper JSON = BenchSupport.JSON;
    private static final HttpClient HTTP = BenchSupport.HTTP;

    private ReplayBench() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int perUser = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path jar = BenchSupport.jar(args, 2);
        String[] replays = System.getProperty("bench.replay", perUser > 1 ? "user-list,audit-log" : "user-list").split(",");
        String[] logging = {"--logging.level.io.roster.app.admin=INFO"};
        // 1. a fresh Roster creates its schema, root organization and processor tokens, and stops
        BenchSupport.Roster first = BenchSupport.start(jar, logging);
        Path data = first.data();
        int pgPort = first.pgPort();
        List<String> organizations = new java.util.ArrayList<>(List.of(ROOT));
        String setupToken = BenchSupport.token(first.base());
        for (int i = 1; i < 20; i++) {
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(first.base() + "/api/v1/organizations"))
                    .header("Authorization", "Bearer " + setupToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Branch " + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String location = created.headers().firstValue("Location").orElseThrow();
            organizations.add(location.substring(location.lastIndexOf('/') + 1));
        }
        first.close();
        long events = (long) users * perUser;
        // 2. with Roster stopped: the events go into its event store, and every processor is moved to the head, as
        //    if all read models had long caught up (so the rebuild competes with nothing; a live catch-up of a
        //    million invitation e-mails and webhook rows is another benchmark)
        //    (the embedded PostgreSQL of the stopped Roster, or the external one SPRING_DATASOURCE_URL names)
        try (EmbeddedPostgres postgres = BenchSupport.external() ? null : EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("postgres")).setCleanDataDirectory(false).setPort(pgPort)
                .setConnectConfig("password", BenchSupport.embeddedPassword(data, "postgres")).start();
             Connection db = BenchSupport.connect(postgres == null ? System.getenv("SPRING_DATASOURCE_URL") : first.jdbcUrl());
             Statement statement = db.createStatement()) {
            try (var earlier = statement.executeQuery("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'bench-1'")) {
                earlier.next();
                if (earlier.getLong(1) > 0) {
                    throw new IllegalStateException("this database already holds a generated environment: use an empty one");
                }
            }
            long start = System.nanoTime();
            statement.execute("SET work_mem = '256MB'");
            statement.execute(generator(users, perUser, organizations));
            statement.execute("VACUUM ANALYZE domainevententry");
            System.out.printf(Locale.ROOT, "appended %,d events (%,d users x %d) in %.1f s (Roster stopped)%n", events,
                    users, perUser,
                    (System.nanoTime() - start) / 1e9);
        }
        // 3. Roster again, on the same data: rebuild the user list through the API
        try (BenchSupport.Roster roster = BenchSupport.start(jar, data, pgPort, logging)) {
            String base = roster.base();
            String token = BenchSupport.token(base);
            for (String processor : replays) {
                replay(roster, token, processor.trim());
            }
            // the rebuilt user list now holds every synthetic user: list pages at that scale (issue #9)
            String root = ROOT;
            System.out.printf(Locale.ROOT, "%nuser list, %,d users, keyset pages of 50, 5 s each alone and at concurrency 8:%n", users);
            for (String query : new String[] {"/api/v1/users?limit=50",
                    "/api/v1/users?status=ACTIVE&role=desktop-user&limit=50",
                    "/api/v1/users?organizationId=" + root + "&includeChildren=true&status=ACTIVE&limit=50",
                    "/api/v1/users?userType=USER&role=desktop-user&status=ACTIVE&limit=50",
                    "/api/v1/users?q=u999999&limit=50",
                    "/api/v1/users?q=" + (users / 2) + "&limit=50"}) {
                listPages(base, BenchSupport.token(base), query);
            }
            if (List.of(replays).contains("audit-log")) {
                System.out.printf(Locale.ROOT, "%naudit log, %,d entries, pages of 50, 5 s each alone and at concurrency 8:%n", events);
                String from = java.time.Instant.now().minus(Duration.ofDays(30)).toString();
                for (String query : new String[] {"/api/v1/audit-log?limit=50",
                        "/api/v1/audit-log?actorType=SUPPORT_USER&limit=50",
                        "/api/v1/audit-log?actorType=SUPPORT_USER&organizationId=" + organizations.get(7) + "&limit=50",
                        "/api/v1/audit-log?actorType=SUPPORT_USER&actorType=API_CLIENT&from=" + from + "&limit=50",
                        "/api/v1/audit-log?actorId=support-10&limit=50",
                        "/api/v1/audit-log?targetId=bench-" + (users / 3) + "&limit=50"}) {
                    listPages(base, BenchSupport.token(base), query);
                }
            }
            System.out.printf(Locale.ROOT, "%nRoster resident memory: %s%n", java.nio.file.Files.readAllLines(
                    Path.of("/proc/" + roster.process().pid() + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM")).toList());
        }
    }

    private static final String ROOT = "00000000-0000-0000-0000-0000000000a1";

    /**
     * One INSERT that appends {@code users x perUser} events in global order of (step, user): every user's first
     * event, then every user's second, and so on, so aggregates interleave as they would in a live system.
     */
    static String generator(int users, int perUser, List<String> organizations) {
        String orgs = organizations.stream().map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(","));
        return """
                INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                              payload, payloadrevision, payloadtype, timestamp)
                SELECT 'bench-' || n, s, 'User', 'bench-event-' || n || '-' || s,
                       convert_to(CASE WHEN n %% 20 = 0 AND s > 0
                                       THEN '{"actorId":"support-' || n %% 50 || '","actorType":"SUPPORT_USER","requestId":"r' || n || '-' || s || '"}'
                                       WHEN n %% 20 = 1 AND s > 0
                                       THEN '{"actorId":"client-' || n %% 5 || '","actorUsername":"bench-client","actorType":"API_CLIENT","requestId":"r' || n || '-' || s || '"}'
                                       ELSE '{"actorId":"admin-' || n %% 100 || '","actorType":"USER","requestId":"r' || n || '-' || s || '"}' END, 'UTF8'),
                       convert_to(CASE
                           WHEN s = 0 THEN '{"userId":"bench-' || n || '","username":"u' || n || '@example.com","firstName":"F' || n
                                || '","lastName":"L","organizationId":"' || org || '","userType":"USER","roles":["desktop-user"]}'
                           WHEN s %% 9 IN (1, 2) OR (s > 9 AND s %% 9 = 0) THEN '{"userId":"bench-' || n || '","roleId":"'
                                || (CASE WHEN s %% 9 = 1 THEN 'org-manager' ELSE 'audit-log-viewer' END) || '","organizationId":"' || org || '"}'
                           WHEN s %% 9 IN (4, 7) THEN '{"userId":"bench-' || n || '","roleId":"'
                                || (CASE WHEN s %% 9 = 7 THEN 'org-manager' ELSE 'audit-log-viewer' END) || '","organizationId":"' || org || '"}'
                           WHEN s %% 9 = 5 OR (s = %2$d - 1 AND n %% 3 = 0)
                                THEN '{"userId":"bench-' || n || '","organizationId":"' || org || '","userType":"USER","reason":"left"}'
                           WHEN s %% 9 = 6 THEN '{"userId":"bench-' || n || '","organizationId":"' || org || '","userType":"USER"}'
                           ELSE '{"userId":"bench-' || n || '","firstName":"F' || n || '-' || s || '","lastName":"L"}' END, 'UTF8'),
                       '1',
                       CASE WHEN s = 0 THEN 'io.roster.events.user.UserCreated'
                            WHEN s %% 9 IN (1, 2) OR (s > 9 AND s %% 9 = 0) THEN 'io.roster.events.user.RoleAssigned'
                            WHEN s %% 9 IN (4, 7) THEN 'io.roster.events.user.RoleRevoked'
                            WHEN s %% 9 = 5 OR (s = %2$d - 1 AND n %% 3 = 0) THEN 'io.roster.events.user.UserDeactivated'
                            WHEN s %% 9 = 6 THEN 'io.roster.events.user.UserReactivated'
                            ELSE 'io.roster.events.user.UserProfileUpdated' END,
                       to_char((now() - interval '365 days' + (s::bigint * %1$d + n) * (interval '365 days' / (%1$d::bigint * %2$d)))
                               AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                FROM generate_series(0, %2$d - 1) AS s, generate_series(1, %1$d) AS n,
                     LATERAL (SELECT (ARRAY[%3$s])[1 + n %% %4$d] AS org) AS o
                ORDER BY s, n""".formatted(users, perUser, orgs, organizations.size());
    }

    /**
     * Rebuilds one read model through the API and prints its rate and where the time went. Meanwhile one writer
     * creates users back to back (the rebuild is online: commands keep writing the live tables, and the swap holds
     * them back briefly); its slowest create is the longest stall a writer saw.
     */
    private static void replay(BenchSupport.Roster roster, String token, String processor) throws Exception {
        String base = roster.base();
        // -Dbench.writer=false measures the rebuild alone
        boolean write = Boolean.parseBoolean(System.getProperty("bench.writer", "true"));
        java.util.concurrent.atomic.AtomicBoolean rebuilding = new java.util.concurrent.atomic.AtomicBoolean(write);
        java.util.concurrent.ConcurrentLinkedQueue<Double> writes = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger failedWrites = new java.util.concurrent.atomic.AtomicInteger();
        Thread writer = new Thread(() -> {
            String writerToken = token;
            long tokenAt = System.nanoTime();
            for (int n = 0; rebuilding.get(); n++) {
                try {
                    if (System.nanoTime() - tokenAt > Duration.ofMinutes(3).toNanos()) {
                        writerToken = BenchSupport.token(base);
                        tokenAt = System.nanoTime();
                    }
                    long begin = System.nanoTime();
                    HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/users"))
                            .header("Authorization", "Bearer " + writerToken).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"during." + processor + "." + n
                                    + "." + System.nanoTime() + "@example.com\",\"firstName\":\"D\",\"lastName\":\"W\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    writes.add((System.nanoTime() - begin) / 1e6);
                    if (created.statusCode() != 201) {
                        failedWrites.incrementAndGet();
                    }
                } catch (Exception e) {
                    failedWrites.incrementAndGet();
                }
            }
        }, "writer-during-rebuild");
        writer.start();
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/admin/processors/" + processor + "/replay")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String location = base + started.headers().firstValue("Location").orElseThrow(() ->
                new IllegalStateException("replay refused: " + started.statusCode() + " " + started.body()));
        JsonNode progress;
        do {
            Thread.sleep(1000);
            progress = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(location))
                    .header("Authorization", "Bearer " + BenchSupport.token(base)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } while (!progress.path("state").asText().equals("DONE") && !progress.path("state").asText().equals("FAILED"));
        rebuilding.set(false);
        writer.join();
        System.out.printf(Locale.ROOT, "replayed %s: %s, %,d events at %,.0f events/s; the swap held writers back %d ms%n",
                processor, progress.path("state").asText(), progress.path("processed").asLong(),
                progress.path("eventsPerSecond").asDouble(), progress.path("swapStallMillis").asLong());
        List<Double> sorted = new java.util.ArrayList<>(writes);
        java.util.Collections.sort(sorted);
        if (!sorted.isEmpty()) {
            System.out.printf(Locale.ROOT, "  creates during the rebuild (one writer): %,d, p50 %.1f ms, p99 %.1f ms,"
                            + " slowest %.1f ms, failed %d%n", sorted.size(), BenchSupport.percentile(sorted, 50),
                    BenchSupport.percentile(sorted, 99), sorted.get(sorted.size() - 1), failedWrites.get());
        }
        try (Stream<String> lines = Files.lines(roster.data().resolve("roster.log"))) {
            lines.filter(line -> line.contains("Rebuilt " + processor + " ")).forEach(line -> System.out.println(
                    "  " + line.substring(line.indexOf("Rebuilt "))));
        }
    }

    /** One list query, 5 s alone (one request at a time), then 5 s at concurrency 8. */
    private static void listPages(String base, String token, String query) throws Exception {
        listPages(base, token, query, 1);
        listPages(base, token, query, 8);
    }

    /** 5 s of one list query at the given concurrency; prints requests/s and p50/p95/p99. */
    private static void listPages(String base, String token, String query, int concurrency) throws Exception {
        java.util.concurrent.ConcurrentLinkedQueue<Double> millis = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Thread[] workers = new Thread[concurrency];
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
        System.out.printf(Locale.ROOT, "%-95s c=%d %6.0f req/s  p50 %6.1f  p95 %6.1f  p99 %6.1f ms  failures %d%n", query,
                concurrency,
                sorted.size() / 5.0, BenchSupport.percentile(sorted, 50), BenchSupport.percentile(sorted, 95),
                BenchSupport.percentile(sorted, 99), failures.get());
    }
}
