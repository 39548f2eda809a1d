package io.roster.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Roster next to a peer, Keycloak's admin REST API, on the same PostgreSQL server, driven by the same generator
 * ({@link ClosedLoop}) at the same concurrency: create user at concurrency 8 and 1, then the first page of 50 users
 * at 8 once both hold the same number of users (at least {@code -Dbench.users}, 2,000), Keycloak's in its full and
 * its brief representation. Prints ops/s, p50 and p99 of both, the ratio Roster/Keycloak, and per request the
 * server's CPU and the commits in its own database (pg_stat_database.xact_commit).
 * <p>
 * Needs an external PostgreSQL: {@code SPRING_DATASOURCE_URL} / {@code _USERNAME} / {@code _PASSWORD} name Roster's
 * database, empty; Keycloak's, on the same server and with the same role, is {@code -Dbench.keycloak.database} (default:
 * Roster's name with {@code _keycloak}). Keycloak comes from the local Maven repository: fetch it once with
 * {@code mvn -B dependency:get -Dartifact=org.keycloak:keycloak-quarkus-dist:26.7.3:tar.gz -Dtransitive=false}.
 * Both servers are stopped at the end, on failure, on Ctrl-C, and at the latest after {@code -Dbench.timeout}
 * minutes (default: 25 and 10 more per minute of scenario).
 * <pre>mvn -B -q -pl bench exec:java -Dbench=io.roster.bench.PeerBench -Dexec.args="15 app/target/roster.jar"</pre>
 * (arguments: seconds per scenario, Roster's jar)
 */
public final class PeerBench {

    /** Servers to stop whatever happens: by main, by the time limit, by a JVM shutdown. */
    private static final List<AutoCloseable> SERVERS = new CopyOnWriteArrayList<>();

    private PeerBench() {
    }

    /** One server under test: its two calls, its database, its JVM, the users this run made in it. */
    private record Side(String name, String jdbcUrl, long pid, boolean roster, ClosedLoop.Call create,
                        ClosedLoop.Call list, AtomicInteger created) {
    }

    /** One scenario on one side: the requests, and the server CPU and database commits over them. */
    private record Measured(ClosedLoop.Run run, double cpuMillis, long commits) {
        double perRequest(double total) {
            return total / Math.max(1, run.requests());
        }
    }

    private record Row(String scenario, int concurrency, Measured roster, Measured keycloak) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        if (!BenchSupport.external()) {
            throw new IllegalStateException("PeerBench runs both servers on one external PostgreSQL: set"
                    + " SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(PeerBench::stopAll, "peer-bench-stop"));
        Thread limit = timeLimit(Duration.ofMinutes(Long.getLong("bench.timeout", 25 + 10L * seconds / 60)));
        try {
            run(seconds, BenchSupport.jar(args, 1));
        } finally {
            stopAll();
            limit.interrupt();
        }
    }

    private static void run(int seconds, Path jar) throws Exception {
        String rosterUrl = System.getenv("SPRING_DATASOURCE_URL");
        requireEmpty(rosterUrl);
        String keycloakUrl = rosterUrl.replaceFirst("^(jdbc:postgresql://[^/]*/)([^?]*)",
                "$1" + System.getProperty("bench.keycloak.database", database(rosterUrl) + "_keycloak"));
        Keycloak keycloak = Keycloak.start(keycloakUrl, System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME",
                "postgres"), System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", ""), BenchSupport.dataDirectory());
        SERVERS.add(keycloak);
        // no mail server here: with SMTP every create's invitation would be retried, extra work Keycloak does not do
        BenchSupport.Roster roster = BenchSupport.start(jar, "--roster.mail.transport=log");
        SERVERS.add(roster);
        keycloak.awaitReady();

        // names unique to this run: an external PostgreSQL keeps earlier runs' users and realms
        String run = Long.toString(System.currentTimeMillis(), 36);
        BearerToken rosterToken = new BearerToken(() -> BenchSupport.tokenAnswer(roster.base()));
        BearerToken keycloakToken = new BearerToken(keycloak::adminToken);
        String realm = "peer-" + run;
        keycloak.createRealm(keycloakToken.get(), realm);
        AtomicInteger unique = new AtomicInteger();
        AtomicInteger rosterCreated = new AtomicInteger();
        AtomicInteger keycloakCreated = new AtomicInteger();
        Side rosterSide = new Side("Roster", rosterUrl, roster.process().pid(), true,
                counted(rosterCreated, (w, n) -> BenchSupport.post(roster.base(), rosterToken.get(), "/api/v1/users",
                        "{\"username\":\"peer" + run + "-" + unique.incrementAndGet()
                                + "@example.com\",\"firstName\":\"P\",\"lastName\":\"L\"}")),
                (w, n) -> BenchSupport.send(roster.base(), rosterToken.get(), "GET", "/api/v1/users?limit=50"),
                rosterCreated);
        Side keycloakSide = new Side("Keycloak", keycloakUrl, keycloak.javaPid(), false,
                counted(keycloakCreated, (w, n) -> {
                    String name = "peer" + run + "-" + unique.incrementAndGet();
                    return BenchSupport.post(keycloak.base(), keycloakToken.get(), "/admin/realms/" + realm + "/users",
                            "{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.com\",\"firstName\":\"P\","
                                    + "\"lastName\":\"L\",\"enabled\":true}");
                }),
                (w, n) -> BenchSupport.send(keycloak.base(), keycloakToken.get(), "GET",
                        "/admin/realms/" + realm + "/users?first=0&max=50"),
                keycloakCreated);
        List<Side> sides = List.of(rosterSide, keycloakSide);

        // both JVMs start cold: 10 s of creates first (-Dbench.warmup), so neither is measured while compiling its hot paths
        int warmup = Integer.getInteger("bench.warmup", 10);
        for (Side side : sides) {
            ClosedLoop.run(8, warmup, side.create());
        }
        // each scenario runs on Roster, then at once on Keycloak, so both meet the same machine load
        List<Row> rows = new ArrayList<>();
        for (int concurrency : new int[] {8, 1}) {
            rows.add(new Row("create user", concurrency, measure(rosterSide, concurrency, seconds, rosterSide.create()),
                    measure(keycloakSide, concurrency, seconds, keycloakSide.create())));
        }
        int users = Math.max(Integer.getInteger("bench.users", 2000), Math.max(rosterCreated.get(), keycloakCreated.get()));
        for (Side side : sides) {
            seed(side, users);
        }
        System.out.printf(Locale.ROOT, "users before the list: Roster %d (user_list rows), Keycloak %d (realm %s)%n",
                rosterUsers(rosterUrl), keycloak.count(keycloakToken.get(), realm), realm);
        for (Side side : sides) {
            ClosedLoop.run(8, warmup, side.list()); // the list's own paths are still cold after the creates
        }
        rows.add(new Row("user list page (50)", 8, measure(rosterSide, 8, seconds, rosterSide.list()),
                measure(keycloakSide, 8, seconds, keycloakSide.list())));
        // Keycloak's list answers full representations by default; its admin console asks for brief ones, which
        // are cheaper: measured too, so the ratio above is not read as all Roster's doing (Roster's page is the same)
        rows.add(new Row("list (50), KC brief", 8, measure(rosterSide, 8, seconds, rosterSide.list()),
                measure(keycloakSide, 8, seconds, (w, n) -> BenchSupport.send(keycloak.base(), keycloakToken.get(),
                        "GET", "/admin/realms/" + realm + "/users?first=0&max=50&briefRepresentation=true"))));
        print(rows);
        System.out.printf(Locale.ROOT, "resident memory: Roster %s; Keycloak %s%n",
                BenchSupport.rss(rosterSide.pid()), BenchSupport.rss(keycloakSide.pid()));
    }

    /** A create call that counts the users it made, so the list scenario can start with equal numbers on both. */
    private static ClosedLoop.Call counted(AtomicInteger created, ClosedLoop.Call create) {
        return (worker, n) -> {
            int status = create.run(worker, n);
            if (status < 300) {
                created.incrementAndGet();
            }
            return status;
        };
    }

    /** Runs one scenario on one side, with the server's CPU and its database's commits around it. */
    private static Measured measure(Side side, int concurrency, int seconds, ClosedLoop.Call call) throws Exception {
        try (Connection db = BenchSupport.connect(side.jdbcUrl());
             Statement statement = db.createStatement()) {
            BenchSupport.awaitStatistics();
            long commits = BenchSupport.commits(statement);
            double cpu = BenchSupport.cpuMillis(side.pid());
            ClosedLoop.Run run = ClosedLoop.run(concurrency, seconds, call);
            BenchSupport.awaitStatistics();
            return new Measured(run, BenchSupport.cpuMillis(side.pid()) - cpu, BenchSupport.commits(statement) - commits);
        }
    }

    /** Unmeasured creates at concurrency 8 until {@code side} holds {@code users} users made by this run. */
    private static void seed(Side side, int users) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int attempt = 0; attempt < 3 && side.created().get() < users; attempt++) {
                Callable<Integer> one = () -> side.create().run(0, 0);
                pool.invokeAll(Collections.nCopies(users - side.created().get(), one));
            }
        } finally {
            pool.shutdown();
        }
        if (side.created().get() < users) {
            throw new IllegalStateException(side.name() + " holds " + side.created().get() + " users, not " + users);
        }
    }

    /**
     * Roster encrypts personal data with a master key kept in its data directory, and every run starts a fresh one:
     * on an earlier run's database it would stop at start-up, unable to decrypt. Said here rather than in a log.
     */
    private static void requireEmpty(String jdbcUrl) throws Exception {
        try (Connection db = BenchSupport.connect(jdbcUrl);
             var rows = db.createStatement().executeQuery("SELECT to_regclass('domainevententry') IS NOT NULL")) {
            rows.next();
            if (rows.getBoolean(1)) {
                throw new IllegalStateException("Roster's database " + database(jdbcUrl) + " holds an earlier run's"
                        + " data, encrypted with that run's master key: give PeerBench an empty database");
            }
        }
    }

    private static long rosterUsers(String jdbcUrl) throws Exception {
        try (Connection db = BenchSupport.connect(jdbcUrl);
             var rows = db.createStatement().executeQuery("SELECT count(*) FROM user_list")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String database(String jdbcUrl) {
        return jdbcUrl.replaceFirst("^jdbc:postgresql://[^/]*/", "").replaceFirst("\\?.*$", "");
    }

    private static void print(List<Row> rows) {
        String side = "%9s %8s %8s %6s %8s %8s";
        System.out.printf(Locale.ROOT, "%-20s %4s | " + side + " | " + side + " | %s%n", "", "", "Roster", "", "", "", "",
                "", "Keycloak", "", "", "", "", "", "Roster/");
        System.out.printf(Locale.ROOT, "%-20s %4s | " + side + " | " + side + " | %s%n", "scenario", "conc", "ops/s",
                "p50 ms", "p99 ms", "errors", "CPU ms", "commits", "ops/s", "p50 ms", "p99 ms", "errors", "CPU ms",
                "commits", "Keycloak");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "%-20s %4d | %s | %s | %7.2f%n", row.scenario(), row.concurrency(),
                    cells(row.roster()), cells(row.keycloak()), row.roster().run().rate() / row.keycloak().run().rate());
        }
        System.out.println("CPU ms and commits are per request: the server JVM's CPU time, and transactions committed in"
                + " its own database (pg_stat_database.xact_commit) until its work for the requests was done.");
    }

    private static String cells(Measured measured) {
        ClosedLoop.Run run = measured.run();
        return String.format(Locale.ROOT, "%9.1f %8.1f %8.1f %6d %8.2f %8.2f", run.rate(), run.percentile(50),
                run.percentile(99), run.errors(), measured.perRequest(measured.cpuMillis()),
                measured.perRequest(measured.commits()));
    }

    /** A daemon that stops both servers and the JVM if the run is still going after {@code limit}. */
    private static Thread timeLimit(Duration limit) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException finished) {
                return;
            }
            System.err.println("PeerBench: still running after " + limit + "; stopping both servers");
            stopAll();
            System.exit(2);
        }, "peer-bench-time-limit");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void stopAll() {
        for (AutoCloseable server : SERVERS) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("could not stop " + server + ": " + e.getMessage());
            }
        }
        SERVERS.clear();
    }
}
