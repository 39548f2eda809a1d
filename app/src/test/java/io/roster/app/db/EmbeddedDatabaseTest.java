package io.roster.app.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded PostgreSQL as Roster's default deployment starts it (full durability), not as zonky's tests do. */
class EmbeddedDatabaseTest {

    @Test
    void the_embedded_cluster_is_durable_password_only_and_serves_roster_as_a_plain_role(@TempDir Path dataDir) throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.FULL)) {
            Path cluster = dataDir.resolve("postgres");
            assertThat(Files.getPosixFilePermissions(cluster)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            Path passwordFile = cluster.resolve(EmbeddedDatabase.PASSWORD_FILE);
            assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            Properties passwords = new Properties();
            try (var in = Files.newInputStream(passwordFile)) {
                passwords.load(in);
            }
            assertThat(passwords.getProperty("roster")).isEqualTo(database.password()).hasSizeGreaterThanOrEqualTo(40);
            assertThat(passwords.getProperty("postgres")).isNotBlank().isNotEqualTo(database.password());
            // the server's programs come from a directory only Roster's user can reach, not zonky's shared one in /tmp
            Path postmaster = Path.of(ProcessHandle.of(Long.parseLong(Files.readAllLines(cluster.resolve("postmaster.pid"))
                    .get(0).strip())).orElseThrow().info().command().orElseThrow());
            assertThat(postmaster).startsWith(dataDir.resolve("postgres-binaries").toAbsolutePath());
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("postgres-binaries")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));

            assertThat(Files.readAllLines(cluster.resolve("pg_hba.conf")).stream()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")))
                    .isNotEmpty().allSatisfy(line -> assertThat(line).endsWith("scram-sha-256").doesNotContain("trust"));
            for (String role : List.of("postgres", "roster")) {
                assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), role, "").close())
                        .as("%s without a password", role).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), role, "wrong").close())
                        .as("%s with a wrong password", role).isInstanceOf(SQLException.class)
                        .hasMessageContaining("password authentication failed");
            }
            try (Connection superuser = DriverManager.getConnection(database.jdbcUrl(), "postgres",
                    passwords.getProperty("postgres"))) {
                assertThat(text(superuser, "SHOW fsync")).isEqualTo("on");
                assertThat(text(superuser, "SHOW synchronous_commit")).isEqualTo("on");
                assertThat(text(superuser, "SHOW full_page_writes")).isEqualTo("on");
                assertThat(text(superuser, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
                assertThat(text(superuser, "SHOW unix_socket_directories")).isEmpty();
                assertThat(text(superuser, "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'")).startsWith("SCRAM-SHA-256$");
            }

            try (Connection roster = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
                assertThat(text(roster, "SELECT current_user")).isEqualTo("roster");
                assertThat(text(roster, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).isEqualTo("false");
                assertThat(text(roster, "SELECT count(*)::text FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
                        + " WHERE m.member = 'roster'::regrole")).as("no predefined roles such as pg_read_server_files")
                        .isEqualTo("0");
                assertThatThrownBy(() -> text(roster, "SELECT pg_read_file('postgresql.conf')"))
                        .hasMessageContaining("permission denied");
                assertThatThrownBy(() -> text(roster, "COPY (SELECT 1) TO PROGRAM 'true'"))
                        .hasMessageContaining("permission denied");
                assertThat(text(roster, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"))
                        .isEqualTo("roster");
            }
            // Roster's migrations run as that role (pg_trgm is a trusted extension the database owner may create)
            Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                    .locations("classpath:db/migration").load().migrate();
            try (Connection roster = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
                assertThat(text(roster, "SELECT count(*)::text FROM pg_extension WHERE extname = 'pg_trgm'")).isEqualTo("1");
            }
        }
    }

    @Test
    void the_passwords_are_generated_once_and_the_cluster_restarts_with_them(@TempDir Path dataDir) throws Exception {
        String first;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.TEST)) {
            first = database.password();
            try (Connection roster = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                 Statement statement = roster.createStatement()) {
                statement.execute("CREATE TABLE kept (id int)");
            }
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.TEST)) {
            assertThat(database.password()).isEqualTo(first);
            try (Connection roster = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
                assertThat(text(roster, "SELECT to_regclass('kept')::text")).isEqualTo("kept");
                assertThat(text(roster, "SHOW fsync")).as("the test durability is what test JVMs ask for").isEqualTo("off");
            }
        }
    }

    @Test
    void a_data_directory_of_an_older_roster_loses_trust_and_its_tables_move_to_the_application_role(@TempDir Path dataDir)
            throws Exception {
        // what older versions left: zonky's defaults (trust logins) and Roster's schema created by the superuser
        try (EmbeddedPostgres older = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).start()) {
            Flyway.configure().dataSource(older.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
            try (Connection superuser = older.getPostgresDatabase().getConnection(); Statement statement = superuser.createStatement()) {
                statement.execute("INSERT INTO username_claim (username_hash, user_id) VALUES ('h', 'u')");
                statement.execute("CREATE SEQUENCE loose_sequence");
                statement.execute("CREATE FUNCTION loose_function() RETURNS int LANGUAGE sql AS 'SELECT 1'");
                statement.execute("CREATE TYPE loose_kind AS ENUM ('a', 'b')");
            }
        }
        assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf"))).contains("trust");

        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.FULL)) {
            assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf"))).doesNotContain("trust");
            assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), "postgres", "").close())
                    .isInstanceOf(SQLException.class);
            try (Connection roster = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
                assertThat(text(roster, """
                        SELECT count(*)::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = 'public' AND c.relowner <> 'roster'::regrole
                          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')"""))
                        .as("every table, index and sequence of Roster now belongs to the application role").isEqualTo("0");
                assertThat(text(roster, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'loose_function'"))
                        .isEqualTo("roster");
                assertThat(text(roster, "SELECT pg_get_userbyid(typowner) FROM pg_type WHERE typname = 'loose_kind'"))
                        .isEqualTo("roster");
                assertThat(text(roster, "SELECT user_id FROM username_claim WHERE username_hash = 'h'")).isEqualTo("u");
                try (Statement statement = roster.createStatement()) {
                    // a later migration must be able to change the old tables
                    statement.execute("ALTER TABLE username_claim ADD COLUMN later_migration text");
                    statement.execute("ALTER TABLE username_claim DROP COLUMN later_migration");
                }
            }
            Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                    .locations("classpath:db/migration").load().migrate();
        }
    }

    @Test
    void a_cluster_another_running_roster_owns_is_refused_by_its_pid(@TempDir Path dataDir) throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.TEST)) {
            assertThat(Files.readString(dataDir.resolve("postgres/roster.pid")))
                    .startsWith(ProcessHandle.current().pid() + " ");
        }
        // another JVM, alive, recorded as the owner
        String java = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WaitForInput.class.getName())
                .redirectErrorStream(true).start();
        try {
            ProcessHandle handle = other.toHandle();
            Files.writeString(dataDir.resolve("postgres/roster.pid"), handle.pid() + " "
                    + handle.info().startInstant().orElseThrow() + "\n");
            assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.TEST))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Roster process " + handle.pid()).hasMessageContaining("still running");
            assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
        } finally {
            other.destroyForcibly();
            other.waitFor();
        }
        // once that process is gone the cluster is free again
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.TEST);
             Connection roster = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            assertThat(text(roster, "SELECT 'served'")).isEqualTo("served");
        }
    }

    @Test
    void a_cluster_whose_lock_another_process_holds_is_refused_even_without_a_pid_file(@TempDir Path dataDir) throws Exception {
        try (EmbeddedDatabase ignored = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.TEST)) {
            // created and stopped: an older Roster's data directory has no roster.pid
        }
        Files.delete(dataDir.resolve("postgres/roster.pid"));
        Process older = holdingTheLock(dataDir.resolve("postgres/epg-lock"));
        try {
            assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.TEST))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by another process");
        } finally {
            older.destroyForcibly();
            older.waitFor();
        }
        try (EmbeddedDatabase serving = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.TEST)) {
            // its postmaster is alive and nothing names its owner: still not an orphan to stop
            Files.delete(dataDir.resolve("postgres/roster.pid"));
            assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.TEST))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by another process");
            try (Connection roster = DriverManager.getConnection(serving.jdbcUrl(), serving.username(), serving.password())) {
                assertThat(text(roster, "SELECT 'still served'")).isEqualTo("still served");
            }
        }
    }

    /** Another JVM that holds the lock zonky takes on a cluster it serves, and reports when it has it. */
    private static Process holdingTheLock(Path lockFile) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WaitForInput.class.getName(),
                lockFile.toString()).redirectErrorStream(true).start();
        assertThat(new String(process.getInputStream().readNBytes(7))).isEqualTo("locked\n");
        return process;
    }

    /** Stands in for another Roster: a JVM that stays up until its input closes (holding a lock on args[0], if any). */
    public static final class WaitForInput {
        public static void main(String[] args) throws Exception {
            if (args.length > 0) {
                var channel = java.nio.channels.FileChannel.open(Path.of(args[0]), java.nio.file.StandardOpenOption.WRITE);
                channel.lock();
                System.out.print("locked\n");
                System.out.flush();
            }
            System.in.read();
        }
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
