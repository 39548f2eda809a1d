package io.roster.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The table of issue #9: each API scenario at concurrency 8 and 32 against one Roster (embedded PostgreSQL), with
 * requests/s and p50/p95/p99, next to the ceiling of the same PostgreSQL: raw JDBC single-row insert transactions
 * into an event-like table with a unique index, at the same concurrency. Write scenarios print their ratio to it.
 * Ends with Roster's resident memory.
 * <pre>mvn -B -q package -DskipTests && mvn -B -q -pl bench exec:java -Dbench=io.roster.bench.LoadBench -Dexec.args="10"</pre>
 * (argument: seconds per scenario and concurrency)
 */
public final class LoadBench {

    private LoadBench() {
    }

    private record Result(String scenario, ClosedLoop.Run run, Cost cost) {
        double rate() {
            return run.rate();
        }
    }

    /**
     * What a scenario cost, measured around it once every processor has caught up: CPU time of the Roster JVM and of
     * all PostgreSQL processes (from /proc), committed transactions and rows written (pg_stat_database).
     */
    private record Cost(double rosterCpuMs, double postgresCpuMs, long commits, long rowsWritten) {
        Cost minus(Cost before) {
            return new Cost(rosterCpuMs - before.rosterCpuMs, postgresCpuMs - before.postgresCpuMs,
                    commits - before.commits, rowsWritten - before.rowsWritten);
        }
    }

    /** Where cost is read from: Roster's pid and a connection to its PostgreSQL. */
    private static long rosterPid;
    private static String jdbcUrl;
    private static Cost lastCost;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        try (BenchSupport.Roster roster = BenchSupport.start(BenchSupport.jar(args, 1))) {
            rosterPid = roster.process().pid();
            jdbcUrl = roster.jdbcUrl();
            String base = roster.base();
            String token = BenchSupport.token(base);
            AtomicLong tokenAt = new AtomicLong(System.nanoTime());
            String[] bearer = {token};
            // a pool of users to act on, created up front
            List<String> users = Collections.synchronizedList(new ArrayList<>());
            // names unique to this run: an external PostgreSQL keeps earlier runs' users
            String run = Long.toString(System.currentTimeMillis(), 36);
            for (int i = 0; i < 400; i++) {
                users.add(create(base, bearer[0], "pool" + run + "-" + i));
            }
            AtomicInteger unique = new AtomicInteger();
            List<Result> results = new ArrayList<>();
            // -Dbench.only="create user" runs one scenario (e.g. under a profiler); -Dbench.concurrency=8 one level
            for (int concurrency : concurrencies()) {
                results.add(ceiling(roster.jdbcUrl(), concurrency, seconds));
                results.add(measure("create user", concurrency, seconds, (w, n) ->
                        BenchSupport.post(base, bearer[0], "/api/v1/users", "{\"username\":\"load" + run + "-"
                                + unique.incrementAndGet() + "@example.com\",\"firstName\":\"L\",\"lastName\":\"D\"}")));
                results.add(measure("assign role", concurrency, seconds, (w, n) ->
                        BenchSupport.send(base, bearer[0], "PUT", "/api/v1/users/" + users.get((w * 37 + n) % users.size())
                                + "/roles/" + (n % 2 == 0 ? "org-manager" : "audit-log-viewer"))));
                results.add(measure("deactivate", concurrency, seconds, (w, n) -> {
                    String id = create(base, bearer[0], "deact" + run + "-" + unique.incrementAndGet());
                    return BenchSupport.post(base, bearer[0], "/api/v1/users/" + id + "/deactivate", "{}");
                }));
                results.add(measure("get user", concurrency, seconds, (w, n) ->
                        BenchSupport.send(base, bearer[0], "GET",
                                "/api/v1/users/" + users.get((w * 31 + n) % users.size()))));
                results.add(measure("list users (filtered)", concurrency, seconds, (w, n) ->
                        BenchSupport.send(base, bearer[0], "GET",
                                "/api/v1/users?status=ACTIVE&role=desktop-user&limit=50")));
                results.add(measure("audit log, actorType", concurrency, seconds, (w, n) ->
                        BenchSupport.send(base, bearer[0], "GET",
                                "/api/v1/audit-log?actorType=API_CLIENT&limit=50")));
                results.add(measure("seat report", concurrency, seconds, (w, n) ->
                        BenchSupport.send(base, bearer[0], "GET", "/api/v1/seat-usage")));
                if (System.nanoTime() - tokenAt.get() > Duration.ofMinutes(3).toNanos()) {
                    bearer[0] = BenchSupport.token(base);
                    tokenAt.set(System.nanoTime());
                }
            }
            results.removeIf(java.util.Objects::isNull);
            print(results);
            System.out.printf(Locale.ROOT, "Roster resident memory: %s%n", BenchSupport.rss(roster.process().pid()));
        }
    }

    private static int[] concurrencies() {
        String only = System.getProperty("bench.concurrency", "").trim();
        return only.isEmpty() ? new int[] {8, 32} : new int[] {Integer.parseInt(only)};
    }

    private static Result measure(String scenario, int concurrency, int seconds, ClosedLoop.Call call) throws Exception {
        String only = System.getProperty("bench.only", "").trim();
        if (!only.isEmpty() && !scenario.startsWith("raw insert") && !scenario.equals(only)) {
            return null;
        }
        // the counters after one scenario are those before the next (nothing runs between): reading them costs 11 s
        Cost before = lastCost != null ? lastCost : cost();
        ClosedLoop.Run run = ClosedLoop.run(concurrency, seconds, call);
        lastCost = cost();
        return new Result(scenario, run, lastCost.minus(before));
    }

    /**
     * The cost counters once PostgreSQL has published its statistics (each backend flushes them at most once a
     * second). Every read model is written in the command's transaction, so nothing else is left to wait for.
     */
    private static Cost cost() throws Exception {
        try (Connection db = BenchSupport.connect(jdbcUrl);
             Statement statement = db.createStatement()) {
            BenchSupport.awaitStatistics();
            try (var rows = statement.executeQuery("SELECT xact_commit, tup_inserted + tup_updated + tup_deleted"
                    + " FROM pg_stat_database WHERE datname = current_database()")) {
                rows.next();
                return new Cost(BenchSupport.cpuMillis(rosterPid), BenchSupport.postgresCpuMillis(), rows.getLong(1), rows.getLong(2));
            }
        }
    }

    /** Raw JDBC: one row per transaction into an event-like table with a unique index, autocommit. */
    private static Result ceiling(String jdbcUrl, int concurrency, int seconds) throws Exception {
        try (Connection setup = BenchSupport.connect(jdbcUrl);
             Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_ceiling");
            statement.execute("CREATE TABLE bench_ceiling (id BIGSERIAL PRIMARY KEY, aggregate VARCHAR(64) NOT NULL,"
                    + " seq BIGINT NOT NULL, payload BYTEA NOT NULL, UNIQUE (aggregate, seq))");
        }
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            connections.add(BenchSupport.connect(jdbcUrl));
        }
        AtomicInteger unique = new AtomicInteger();
        byte[] payload = new byte[400];
        try {
            return measure("raw insert (ceiling)", concurrency, seconds, (w, n) -> {
                try (PreparedStatement insert = connections.get(w).prepareStatement(
                        "INSERT INTO bench_ceiling (aggregate, seq, payload) VALUES (?, 0, ?)")) {
                    insert.setString(1, "a" + unique.incrementAndGet());
                    insert.setBytes(2, payload);
                    insert.executeUpdate();
                }
                return 200;
            });
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static String create(String base, String token, String name) throws Exception {
        HttpResponse<String> response = BenchSupport.HTTP.send(BenchSupport.request(base, token, "/api/v1/users")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "@example.com\",\"firstName\":\"P\","
                        + "\"lastName\":\"L\"}")).build(), HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElseThrow(() ->
                new IllegalStateException("create failed: " + response.statusCode() + " " + response.body()));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void print(List<Result> results) {
        System.out.printf(Locale.ROOT, "%-24s %4s %9s %8s %8s %8s %7s %10s   per request: %s%n", "scenario", "conc",
                "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "vs ceiling",
                "Roster CPU ms, PostgreSQL CPU ms, commits, rows written");
        double ceiling = 0;
        for (Result result : results) {
            if (result.scenario().startsWith("raw insert")) {
                ceiling = result.rate();
            }
            boolean write = List.of("create user", "assign role", "deactivate").contains(result.scenario());
            double n = Math.max(1, result.run().requests());
            Cost cost = result.cost();
            System.out.printf(Locale.ROOT, "%-24s %4d %9.0f %8.1f %8.1f %8.1f %7d %10s   %6.2f %6.2f %6.1f %6.1f%n",
                    result.scenario(), result.run().concurrency(), result.rate(), result.run().percentile(50),
                    result.run().percentile(95), result.run().percentile(99), result.run().errors(),
                    write && ceiling > 0 ? String.format(Locale.ROOT, "%.1f %%", 100 * result.rate() / ceiling) : "",
                    cost.rosterCpuMs() / n, cost.postgresCpuMs() / n, cost.commits() / n, cost.rowsWritten() / n);
        }
    }

}
