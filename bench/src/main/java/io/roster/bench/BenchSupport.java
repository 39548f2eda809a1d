package io.roster.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** What every benchmark needs: a Roster process on a fresh data directory, a token, percentiles. */
final class BenchSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * HTTP/1.1 for every server: by default the client offers an h2c upgrade, which Roster's Tomcat ignores and another
     * server (the Keycloak peer) may accept, and one multiplexed connection against a pool of them is not a like for
     * like comparison.
     */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String CLIENT = "bench";
    private static final String SECRET = "bench-secret-0123456789";

    /** The data directory of each embedded PostgreSQL a Roster of this bench serves, by JDBC URL. */
    private static final java.util.Map<String, Path> EMBEDDED = new java.util.concurrent.ConcurrentHashMap<>();

    private BenchSupport() {
    }

    /** A running Roster; {@code pgPort} is its embedded PostgreSQL (password logins, see {@link #connect}). */
    record Roster(Process process, String base, int pgPort, Path data) implements AutoCloseable {
        /** Its PostgreSQL: the embedded one, or the one {@code SPRING_DATASOURCE_URL} names (Roster inherits it). */
        String jdbcUrl() {
            return external() ? System.getenv("SPRING_DATASOURCE_URL") : "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    /**
     * Whether Roster runs on an external PostgreSQL: with {@code SPRING_DATASOURCE_URL} (and
     * {@code SPRING_DATASOURCE_USERNAME} / {@code _PASSWORD}) in the environment, the Roster a bench starts uses it
     * instead of its embedded one, and so do the bench's own connections (ceiling, cost counters, generators).
     */
    static boolean external() {
        String url = System.getenv("SPRING_DATASOURCE_URL");
        return url != null && !url.isBlank();
    }

    /** A connection to Roster's PostgreSQL (for the embedded one: as Roster's role, with its generated password). */
    static java.sql.Connection connect(String jdbcUrl) throws java.sql.SQLException {
        if (external()) {
            return java.sql.DriverManager.getConnection(jdbcUrl, System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME",
                    "postgres"), System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", ""));
        }
        Path data = EMBEDDED.get(jdbcUrl);
        if (data == null) {
            throw new IllegalArgumentException("no Roster started by this bench serves " + jdbcUrl);
        }
        return java.sql.DriverManager.getConnection(jdbcUrl, "roster", embeddedPassword(data, "roster"));
    }

    /** A password Roster generated for its embedded PostgreSQL in {@code data} ("roster" or "postgres"). */
    static String embeddedPassword(Path data, String role) {
        java.util.Properties passwords = new java.util.Properties();
        try (var in = Files.newInputStream(data.resolve("postgres/roster-passwords.properties"))) {
            passwords.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return passwords.getProperty(role);
    }

    /** The jar named by {@code args[index]}, else app/target/roster.jar from the root or from bench/. */
    static Path jar(String[] args, int index) {
        Path jar = Path.of(args.length > index ? args[index] : "app/target/roster.jar").toAbsolutePath();
        return Files.exists(jar) ? jar : Path.of("../app/target/roster.jar").toAbsolutePath();
    }

    static Roster start(Path jar, String... extraArguments) throws Exception {
        return start(jar, dataDirectory(), freePort(), extraArguments);
    }

    /**
     * A fresh data directory, deleted when the benchmark's JVM exits (they hold gigabytes after a large run);
     * {@code -Dbench.keep=true} keeps it for a look afterwards.
     */
    static Path dataDirectory() throws IOException {
        Path data = Files.createTempDirectory("roster-bench-");
        if (!Boolean.getBoolean("bench.keep")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var paths = Files.walk(data)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                } catch (IOException e) {
                    System.err.println("could not delete " + data + ": " + e.getMessage());
                }
            }));
        }
        return data;
    }

    /** Starts Roster on {@code data} (a fresh or an earlier run's directory) with its PostgreSQL on {@code pgPort}. */
    static Roster start(Path jar, Path data, int pgPort, String... extraArguments) throws Exception {
        int httpPort = freePort();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
        // e.g. -Dbench.jvm="-XX:StartFlightRecording=filename=/tmp/roster.jfr" to profile the server
        String jvm = System.getProperty("bench.jvm", "").trim();
        if (!jvm.isEmpty()) {
            command.addAll(List.of(jvm.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + httpPort, "--roster.data-dir=" + data, "--roster.embedded-postgres.port=" + pgPort,
                "--roster.bootstrap.client-id=" + CLIENT, "--roster.bootstrap.client-secret=" + SECRET,
                "--logging.level.root=WARN"));
        command.addAll(List.of(extraArguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("roster.log").toFile())).start();
        Roster roster = new Roster(process, "http://127.0.0.1:" + httpPort, pgPort, data);
        EMBEDDED.put(roster.jdbcUrl(), data);
        try {
            waitForHealth(roster);
        } catch (Exception e) {
            roster.close(); // a Roster that never became healthy must not outlive the bench
            throw e;
        }
        return roster;
    }

    static String token(String base) throws IOException, InterruptedException {
        return tokenAnswer(base).path("access_token").asText();
    }

    /** The bench client's token endpoint answer (access_token, expires_in), for a {@link BearerToken}. */
    static com.fasterxml.jackson.databind.JsonNode tokenAnswer(String base) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        return form(HttpRequest.newBuilder(URI.create(base + "/oauth2/token")).header("Authorization", "Basic " + basic),
                "grant_type=client_credentials");
    }

    /** POSTs a form and reads the JSON answer; a failure status is an exception (token requests must not fail). */
    static com.fasterxml.jackson.databind.JsonNode form(HttpRequest.Builder request, String form)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static int post(String base, String token, String path, String json) throws Exception {
        return HTTP.send(request(base, token, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static int send(String base, String token, String method, String path) throws Exception {
        return HTTP.send(request(base, token, path).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static HttpRequest.Builder request(String base, String token, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
    }

    /**
     * Waits until PostgreSQL has published every backend's statistics. A backend flushes them when a transaction ends,
     * but at most once a second; what it commits less than a second after a flush waits until it has been idle for
     * 10 s (PostgreSQL 15's PGSTAT_IDLE_INTERVAL; checked here: ten quick commits of one session showed 1 after 2 s
     * and 6 s, all 10 after 12 s). A shorter wait misses the last second of a pooled server's commits.
     */
    static void awaitStatistics() throws InterruptedException {
        Thread.sleep(11_000);
    }

    /** Transactions committed so far in the statement's database (pg_stat_database; read after {@link #awaitStatistics}). */
    static long commits(java.sql.Statement statement) throws java.sql.SQLException {
        try (var rows = statement.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A process's resident memory and its high-water mark, from /proc. */
    static String rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
                    .map(line -> line.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("unknown");
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void waitForHealth(Roster roster) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!roster.process().isAlive()) {
                throw new IllegalStateException("Roster exited during start-up; see " + roster.data().resolve("roster.log"));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(roster.base() + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Roster not healthy after 120 s");
    }

    static double percentile(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** CPU time (user + system) a process has used so far, in ms; 0 when it is gone. */
    static double cpuMillis(long pid) {
        // utime and stime are fields 14 and 15 of /proc/pid/stat, in clock ticks (100 per second on Linux)
        return statTicks(pid, 11) * 10.0;
    }

    /** Two consecutive fields of /proc/pid/stat, counted after the command name, summed; 0 when the process is gone. */
    private static long statTicks(long pid, int first) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[first]) + Long.parseLong(fields[first + 1]);
        } catch (Exception e) {
            return 0;
        }
    }

    /**
     * CPU time of a process's children that ended and were waited for (cutime + cstime), in ms: a backend's time moves
     * to its postmaster when its connection closes, and without it a closed pool made the figure go negative.
     */
    static double reapedChildrenCpuMillis(long pid) {
        // cutime and cstime: fields 16 and 17
        return statTicks(pid, 13) * 10.0;
    }

    /** CPU time of every PostgreSQL process on the machine (the embedded server and its backends), in ms. */
    static double postgresCpuMillis() throws Exception {
        double total = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    try {
                        if (Files.readString(process.resolve("comm")).trim().equals("postgres")) {
                            total += cpuMillis(Long.parseLong(name)) + reapedChildrenCpuMillis(Long.parseLong(name));
                        }
                    } catch (Exception e) {
                        // the process ended meanwhile
                    }
                }
            }
        }
        return total;
    }
}
