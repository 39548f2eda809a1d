package io.roster.app.projection;

import io.roster.app.IntegrationTest;
import io.roster.query.common.ProjectionWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;

import static io.roster.query.common.ProjectionWriter.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batched projection writes: the effects are exactly those of running the statements one by one, in order. */
class ProjectionWriterTest extends IntegrationTest {

    @Autowired
    ProjectionWriter writer;
    @Autowired
    TransactionTemplate transactions;

    private final String table = "writer_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @AfterEach
    void dropTable() {
        jdbc.sql("DROP TABLE IF EXISTS " + table).update();
    }

    @Test
    void queued_statements_keep_their_order_across_sql_changes_and_reads_see_earlier_writes() {
        jdbc.sql("CREATE TABLE " + table + " (id INT PRIMARY KEY, value TEXT NOT NULL, version INT NOT NULL)").update();
        String insert = "INSERT INTO " + table + " (id, value, version) VALUES (:id, :value, 1) ON CONFLICT DO NOTHING";
        String update = "UPDATE " + table + " SET value = :value, version = version + 1 WHERE id = :id";
        transactions.executeWithoutResult(status -> writer.batched(() -> {
            for (int i = 1; i <= 300; i++) {
                writer.update(insert, params("id", i, "value", "created"));
            }
            writer.update(update, params("id", 7, "value", "changed once"));
            writer.update(insert, params("id", 7, "value", "a redelivery inserts nothing"));
            writer.update(update, params("id", 7, "value", "changed twice"));
            Long seen = writer.query(() -> jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
            assertThat(seen).as("a read flushes what was queued before it").isEqualTo(300);
            writer.update(insert, params("id", 301, "value", "after the read"));
        }));
        assertThat(jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single()).isEqualTo(301);
        assertThat(jdbc.sql("SELECT value || ':' || version FROM " + table + " WHERE id = 7").query(String.class).single())
                .isEqualTo("changed twice:3");
    }

    /** A command's handlers write one row each into several tables: they go together, nulls and CTEs included. */
    @Test
    void single_statements_into_several_tables_go_together_with_their_own_parameters() {
        jdbc.sql("CREATE TABLE " + table + " (id INT PRIMARY KEY, value TEXT, version INT NOT NULL)").update();
        jdbc.sql("CREATE TABLE " + table + "_log (id INT, note TEXT)").update();
        try {
            transactions.executeWithoutResult(status -> writer.batched(() -> {
                writer.update("INSERT INTO " + table + " (id, value, version) VALUES (:id, CAST(:value AS text), 1)",
                        params("id", 1, "value", null));
                writer.update("WITH changed AS (UPDATE " + table + " SET version = version + 1 WHERE id = :id RETURNING id)"
                        + " INSERT INTO " + table + "_log (id, note) SELECT id, :note FROM changed", params("id", 1,
                        "note", "a ; inside a value"));
                writer.update("UPDATE " + table + " SET value = :value WHERE id = :id", params("id", 1, "value", "last"));
            }));
            assertThat(jdbc.sql("SELECT value || ':' || version FROM " + table).query(String.class).single())
                    .isEqualTo("last:2");
            assertThat(jdbc.sql("SELECT note FROM " + table + "_log").query(String.class).single())
                    .isEqualTo("a ; inside a value");
            // a failure in the last of them takes the others with it
            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> writer.batched(() -> {
                writer.update("INSERT INTO " + table + "_log (id, note) VALUES (:id, :note)", params("id", 2, "note", "x"));
                writer.update("INSERT INTO " + table + " (id, value, version) VALUES (:id, :value, NULL)",
                        params("id", 2, "value", "no version"));
            }))).isInstanceOf(RuntimeException.class);
            assertThat(jdbc.sql("SELECT count(*) FROM " + table + "_log").query(Long.class).single()).isEqualTo(1);
        } finally {
            jdbc.sql("DROP TABLE IF EXISTS " + table + "_log").update();
        }
    }

    @Test
    void a_failing_batch_leaves_nothing_behind() {
        jdbc.sql("CREATE TABLE " + table + " (id INT PRIMARY KEY, value TEXT NOT NULL)").update();
        String insert = "INSERT INTO " + table + " (id, value) VALUES (:id, :value)";
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> writer.batched(() -> {
            writer.update(insert, params("id", 1, "value", "fine"));
            writer.update(insert, params("id", 2, "value", null)); // NOT NULL violated when the batch is sent
        }))).isInstanceOf(RuntimeException.class);
        assertThat(jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single()).isZero();
    }
}
