package io.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Keycloak server for {@link PeerBench}: Maven Central's {@code keycloak-quarkus-dist} from the local repository,
 * unpacked once under {@code bench/target}, started in dev mode on a PostgreSQL database with a bootstrap admin and
 * listening on 127.0.0.1 only. Keycloak needs Java 21+, hence its own JDK ({@code -Dbench.keycloak.java}).
 */
final class Keycloak implements AutoCloseable {

    static final String VERSION = "26.7.3";
    private static final String ADMIN = "bench-admin";

    private final Process process;
    private final String base;
    private final Path log;
    private final String adminPassword;

    private Keycloak(Process process, String base, Path log, String adminPassword) {
        this.process = process;
        this.base = base;
        this.log = log;
        this.adminPassword = adminPassword;
    }

    String base() {
        return base;
    }

    /**
     * Starts Keycloak on {@code jdbcUrl} (an empty or an earlier run's database) and returns at once: start-up takes
     * 30–90 s on two cores, so the caller starts Roster meanwhile and then calls {@link #awaitReady}.
     */
    static Keycloak start(String jdbcUrl, String username, String password, Path logDirectory) throws Exception {
        Path home = unpacked();
        int port = BenchSupport.freePort();
        Path log = logDirectory.resolve("keycloak.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--db=postgres", "--db-url=" + jdbcUrl, "--http-host=127.0.0.1", "--http-port=" + port,
                // its management interface (health, metrics) would take port 9000, which may be in use here
                "--http-management-port=" + BenchSupport.freePort(), "--cache=local"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        String adminPassword = UUID.randomUUID().toString();
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("bench.keycloak.java", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        // secrets through the environment rather than the command line, which every user of the machine can read
        env.put("KC_DB_USERNAME", username);
        env.put("KC_DB_PASSWORD", password);
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        return new Keycloak(builder.start(), "http://127.0.0.1:" + port, log, adminPassword);
    }

    /** Waits until the master realm hands out admin tokens (schema created, admin bootstrapped). */
    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited during start-up; see " + log);
            }
            try {
                adminToken();
                return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Keycloak not ready after 300 s; see " + log);
    }

    /** An admin token of the master realm (admin-cli, password grant): the answer a {@link BearerToken} renews. */
    JsonNode adminToken() throws IOException, InterruptedException {
        return BenchSupport.form(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30)), "grant_type=password&client_id=admin-cli&username=" + ADMIN
                + "&password=" + URLEncoder.encode(adminPassword, StandardCharsets.UTF_8));
    }

    void createRealm(String token, String realm) throws Exception {
        int status = BenchSupport.post(base, token, "/admin/realms", "{\"realm\":\"" + realm + "\",\"enabled\":true}");
        if (status != 201) {
            throw new IllegalStateException("creating realm " + realm + " answered " + status);
        }
    }

    /** Users in {@code realm}, as Keycloak counts them. */
    int count(String token, String realm) throws Exception {
        HttpResponse<String> response = BenchSupport.HTTP.send(BenchSupport.request(base, token,
                "/admin/realms/" + realm + "/users/count").GET().build(), HttpResponse.BodyHandlers.ofString());
        return Integer.parseInt(response.body().trim());
    }

    /**
     * The JVM serving requests: kc.sh runs it as its child, or replaces itself with it after a first start has
     * re-built the distribution for PostgreSQL.
     */
    long javaPid() {
        return process.descendants().filter(child -> child.info().command().orElse("").endsWith("/java"))
                .findFirst().orElse(process.toHandle()).pid();
    }

    /** Stops Keycloak (kc.sh forwards the TERM to its JVM) and, if it has not stopped after 30 s, kills it. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * The distribution unpacked under {@code bench/target} (kept between runs: the first start re-builds it for
     * PostgreSQL, which later starts reuse). It comes from the local Maven repository, where
     * {@code mvn dependency:get -Dartifact=org.keycloak:keycloak-quarkus-dist:<version>:tar.gz} puts it.
     */
    private static Path unpacked() throws Exception {
        Path target = Files.isDirectory(Path.of("bench/target")) ? Path.of("bench/target") : Path.of("target");
        Path home = target.resolve("keycloak-" + VERSION).toAbsolutePath();
        if (Files.exists(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path repository = Path.of(System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository"));
        Path archive = repository.resolve("org/keycloak/keycloak-quarkus-dist/" + VERSION
                + "/keycloak-quarkus-dist-" + VERSION + ".tar.gz");
        if (!Files.exists(archive)) {
            throw new IllegalStateException("no " + archive + "; fetch it once with: mvn -B dependency:get"
                    + " -Dartifact=org.keycloak:keycloak-quarkus-dist:" + VERSION + ":tar.gz -Dtransitive=false");
        }
        // unpacked beside and renamed, so an interrupted unpack is never taken for a complete one
        Path partial = Files.createTempDirectory(target.toAbsolutePath(), "keycloak-unpacking-");
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", partial.toString()).inheritIO().start();
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("could not unpack " + archive);
        }
        Files.move(partial.resolve("keycloak-" + VERSION), home);
        Files.delete(partial);
        return home;
    }
}
