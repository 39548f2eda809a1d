package io.roster.app.ops;

import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An audit export streams in one transaction for as long as its client reads, holding the audit log's table; a
 * rebuild's swap then cannot drop it. Every command shares every read model's lock, so while the swap holds the audit
 * log's lock and waits for that reader, every write on every node waits too. The swap must give way to a reader
 * quickly, and finish once the reader is gone.
 */
class ReplaySwapReaderTest extends IntegrationTest {

    private static final long WRITER_STALL_LIMIT_MILLIS = 400;

    @Autowired
    DataSource dataSource;

    @Test
    void a_slow_reader_of_the_live_table_does_not_stall_every_writer_for_a_second_per_swap_attempt() throws Exception {
        createUser(uniqueUsername("before.export"), null);
        List<Long> writerMillis = new ArrayList<>();
        String location;
        try (Connection export = dataSource.getConnection()) {
            export.setAutoCommit(false);
            try (Statement reading = export.createStatement()) {
                // what the streaming export holds while its client reads slowly
                reading.execute("SELECT count(*) FROM (SELECT 1 FROM audit_log LIMIT 1) AS page");
            }
            Response started = api.post("/api/v1/admin/processors/audit-log/replay", null);
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            location = started.header("Location").orElseThrow();
            // the swap cannot finish while the reader holds the table: it stays SWAPPING, trying again and again
            Eventually.await("the swap has begun", Duration.ofSeconds(60),
                    () -> "SWAPPING".equals(api.get(location).text("state")));
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                long begun = System.nanoTime();
                Response created = createUser(uniqueUsername("during.export"), null);
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                writerMillis.add((System.nanoTime() - begun) / 1_000_000);
            }
            export.rollback();
        }
        Eventually.await("the rebuild finishes once the reader is gone", Duration.ofSeconds(60), () -> {
            String state = api.get(location).text("state");
            assertThat(state).isNotEqualTo("FAILED");
            return "DONE".equals(state);
        });
        assertThat(writerMillis.stream().mapToLong(Long::longValue).max().orElseThrow())
                .as("the longest create while the swap waited for a reader, of " + writerMillis)
                .isLessThan(WRITER_STALL_LIMIT_MILLIS);
    }
}
