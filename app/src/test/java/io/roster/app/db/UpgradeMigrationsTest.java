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
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Migrations that reshape tables carry the rows a deployed database already holds. */
class UpgradeMigrationsTest {

    @Test
    void the_organization_tree_gets_the_path_of_every_organization_already_there(@TempDir Path dataDir) throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.Durability.TEST);
             Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                     database.password())) {
            migrate(database, "61");
            execute(connection, """
                    INSERT INTO org_registry (organization_id, parent_id, active, root) VALUES
                        ('root', NULL, true, true), ('a', 'root', true, false), ('b', 'a', false, false),
                        ('c', 'root', true, false);
                    INSERT INTO retention_org (organization_id, parent_id, retention) VALUES ('a', 'root', 'P30D')""");

            migrate(database, "80");

            assertThat(paths(connection)).containsExactlyInAnyOrderEntriesOf(Map.of("root", "/root/", "a", "/root/a/",
                    "b", "/root/a/b/", "c", "/root/c/"));
            try (Statement statement = connection.createStatement();
                 ResultSet kept = statement.executeQuery("SELECT retention FROM retention_org WHERE organization_id = 'a'")) {
                assertThat(kept.next()).isTrue();
                assertThat(kept.getString(1)).as("the policy outlives its copy of the parent link").isEqualTo("P30D");
            }
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
