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
