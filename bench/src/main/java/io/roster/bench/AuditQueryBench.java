package io.roster.bench;


import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Audit-log query latency at scale (issue #5): starts app/target/roster.jar on a fresh embedded PostgreSQL,
 * loads N audit entries (default 1,000,000; 5 % by Code42 support users, over 200 organizations and a year),
 * then times the queries security runs. Prints p50/p95/p99 per scenario.
 * <pre>mvn -B -q package -DskipTests && mvn -B -q -pl bench exec:java -Dexec.args="1000000"</pre>
 */
public final class AuditQueryBench {

    private static final HttpClient HTTP = BenchSupport.HTTP;

    private AuditQueryBench() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        try (BenchSupport.Roster roster = BenchSupport.start(BenchSupport.jar(args, 2))) {
            String base = roster.base();
            long loadStart = System.nanoTime();
            try (Connection db = BenchSupport.connect(roster.jdbcUrl())) {
                load(db, entries);
            }
            System.out.printf(Locale.ROOT, "loaded %,d audit entries in %.1f s%n", entries,
                    (System.nanoTime() - loadStart) / 1e9);
            String token = BenchSupport.token(base);
            List<Scenario> scenarios = List.of(
                    new Scenario("actorType=SUPPORT_USER, first page of 50",
                            i -> "/api/v1/audit-log?actorType=SUPPORT_USER&limit=50"),
                    new Scenario("actorType=SUPPORT_USER in one organization",
                            i -> "/api/v1/audit-log?actorType=SUPPORT_USER&organizationId=org-" + (i % 200) + "&limit=50"),
                    new Scenario("actorType=SUPPORT_USER&actorType=API_CLIENT, last 30 days",
                            i -> "/api/v1/audit-log?actorType=SUPPORT_USER&actorType=API_CLIENT&from="
                                    + java.time.Instant.now().minus(Duration.ofDays(30)) + "&limit=50"),
                    new Scenario("one support user's activity",
                            i -> "/api/v1/audit-log?actorId=support-" + (i % 500) + "&limit=50"),
                    new Scenario("all entries, first page", i -> "/api/v1/audit-log?limit=50"));
            // warm the JIT and the database caches on every scenario before measuring any
            for (int round = 0; round < 60; round++) {
                for (Scenario scenario : scenarios) {
                    get(base + scenario.path().apply(round), token);
                }
            }
            System.out.printf(Locale.ROOT, "%-58s %9s %9s %9s %9s%n", "scenario (" + samples + " requests each)",
                    "p50 ms", "p95 ms", "p99 ms", "req/s");
            for (Scenario scenario : scenarios) {
                for (int i = 0; i < 30; i++) {
                    get(base + scenario.path().apply(i), token);
                }
                List<Double> millis = new ArrayList<>();
                long start = System.nanoTime();
                for (int i = 0; i < samples; i++) {
                    long t0 = System.nanoTime();
                    get(base + scenario.path().apply(i), token);
                    millis.add((System.nanoTime() - t0) / 1e6);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Collections.sort(millis);
                System.out.printf(Locale.ROOT, "%-58s %9.2f %9.2f %9.2f %9.0f%n", scenario.name(), BenchSupport.percentile(millis, 50),
                        BenchSupport.percentile(millis, 95), BenchSupport.percentile(millis, 99), samples / seconds);
            }
        }
    }

    private record Scenario(String name, IntFunction<String> path) {
    }

    /** Synthetic entries shaped like the real ones: 5 % support users, 200 organizations, spread over a year. */
    private static void load(Connection db, int entries) throws Exception {
        try (Statement statement = db.createStatement()) {
            statement.execute("""
                    INSERT INTO audit_log (source, occurred_at, event_type, summary, actor_id, actor_type, actor_login,
                                           target_type, target_id, target_organization_id, request_id)
                    SELECT 'EVENT', now() - make_interval(secs => (n * 31536000.0 / %d)),
                           (ARRAY['UserCreated','RoleAssigned','UserDeactivated','UserProfileUpdated'])[1 + n %% 4],
                           'synthetic entry', CASE WHEN n %% 20 = 0 THEN 'support-' || (n %% 500) ELSE 'actor-' || (n %% 5000) END,
                           CASE WHEN n %% 20 = 0 THEN 'SUPPORT_USER' WHEN n %% 20 = 1 THEN 'API_CLIENT' ELSE 'USER' END,
                           CASE WHEN n %% 20 = 1 THEN 'tool' ELSE NULL END,
                           'USER', 'user-' || (n %% 100000), 'org-' || (n %% 200), 'req-' || n
                    FROM generate_series(1, %d) AS n""".formatted(entries, entries));
            statement.execute("ANALYZE audit_log");
        }
    }


    private static void get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
        }
    }



}
