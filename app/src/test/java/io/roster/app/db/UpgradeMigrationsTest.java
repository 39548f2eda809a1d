package io.roster.app.db;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Migrations that reshape tables carry the rows a deployed database already holds. */
class UpgradeMigrationsTest {

    @Test
    void the_organization_tree_gets_the_path_of_every_organization_already_there(@TempDir Path dataDir) throws Exception {
        upgrade(dataDir, "61", "80", connection -> {
            execute(connection, """
                    INSERT INTO org_registry (organization_id, parent_id, active, root) VALUES
                        ('root', NULL, true, true), ('a', 'root', true, false), ('b', 'a', false, false),
                        ('c', 'root', true, false);
                    INSERT INTO retention_org (organization_id, parent_id, retention) VALUES ('a', 'root', 'P30D')""");
        }, connection -> {
            assertThat(paths(connection)).containsExactlyInAnyOrderEntriesOf(Map.of("root", "/root/", "a", "/root/a/",
                    "b", "/root/a/b/", "c", "/root/c/"));
            assertThat(rows(connection, "SELECT retention FROM retention_org WHERE organization_id = 'a'"))
                    .as("the policy outlives its copy of the parent link").containsExactly("P30D");
        });
    }

    @Test
    void a_child_left_on_its_moved_parents_old_path_is_put_back_under_its_parent(@TempDir Path dataDir) throws Exception {
        upgrade(dataDir, "81", "90", connection -> {
            // 'p' moved from 'old' to 'new' while 'c' was being created under it: 'c' kept the old prefix
            execute(connection, """
                    INSERT INTO org_registry (organization_id, parent_id, active, root, path) VALUES
                        ('root', NULL, true, true, '/root/'), ('old', 'root', true, false, '/root/old/'),
                        ('new', 'root', true, false, '/root/new/'), ('p', 'new', true, false, '/root/new/p/'),
                        ('c', 'p', true, false, '/root/old/p/c/'), ('d', 'c', true, false, '/root/old/p/c/d/')""");
        }, connection -> assertThat(paths(connection)).containsExactlyInAnyOrderEntriesOf(Map.of("root", "/root/",
                "old", "/root/old/", "new", "/root/new/", "p", "/root/new/p/", "c", "/root/new/p/c/",
                "d", "/root/new/p/c/d/")));
    }

    @Test
    void principals_take_over_the_user_registry_with_its_tombstones(@TempDir Path dataDir) throws Exception {
        upgrade(dataDir, "61", "81", connection -> {
            execute(connection, """
                    INSERT INTO user_registry (user_id, organization_id, active, user_type, deleted) VALUES
                        ('active', 'a', true, 'USER', false), ('deactivated', 'a', false, 'SUPPORT_USER', false),
                        ('deleted', 'b', false, 'USER', true);
                    INSERT INTO security_principal (principal_id, kind, login, organization_id, active, roles) VALUES
                        ('active', 'USER', NULL, 'a', true, '{desktop-user}'),
                        ('deactivated', 'SUPPORT_USER', NULL, 'a', false, '{}'),
                        ('client', 'API_CLIENT', 'hr-sync', 'root', true, '{admin}')""");
        }, connection -> {
            assertThat(rows(connection, """
                    SELECT principal_id || ' ' || kind || ' ' || organization_id || ' active=' || active
                           || ' deleted=' || deleted || ' roles=' || array_to_string(roles, ',')
                    FROM security_principal""")).containsExactlyInAnyOrder(
                    "active USER a active=true deleted=false roles=desktop-user",
                    "deactivated SUPPORT_USER a active=false deleted=false roles=",
                    "deleted USER b active=false deleted=true roles=",
                    "client API_CLIENT root active=true deleted=false roles=admin");
            assertThat(rows(connection, "SELECT table_name FROM information_schema.tables WHERE table_name = 'user_registry'"))
                    .isEmpty();
        });
    }

    private interface Step {
        void run(Connection connection) throws SQLException;
    }

    /** A database migrated to {@code from} with rows as a deployment holds them, then to {@code to}. */
    private static void upgrade(Path dataDir, String from, String to, Step deployed, Step check) throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.TEST);
             Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                     database.password())) {
            migrate(database, from);
            deployed.run(connection);
            migrate(database, to);
            check.run(connection);
        }
    }

    private static void migrate(EmbeddedDatabase database, String target) {
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration").target(target).load().migrate();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static Map<String, String> paths(Connection connection) throws SQLException {
        Map<String, String> paths = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT organization_id, path FROM org_registry")) {
            while (rows.next()) {
                paths.put(rows.getString(1), rows.getString(2));
            }
        }
        return paths;
    }
}
