package io.roster.app.faults;

import io.roster.app.IntegrationTest;
import io.roster.command.common.CommandSender;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A command and its answer are one transaction; when another node appended to the same aggregate first, the event
 * store's unique key makes the command fail with a ConcurrencyException and aborts the transaction. The whole
 * transaction is then tried again, and nothing of the lost attempt remains; a stale If-Match is never retried.
 */
class LostRaceRetryTest extends IntegrationTest {

    @Autowired
    CommandSender commands;

    @Test
    void a_transaction_that_lost_a_race_is_tried_again_whole_and_the_lost_attempt_leaves_nothing() {
        String marker = "attempt-" + UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();
        String answer = commands.inOneTransaction(() -> {
            int attempt = attempts.incrementAndGet();
            jdbc.sql("INSERT INTO replay_job (id, processor, state, total) VALUES (?, ?, 'DONE', ?)")
                    .params(UUID.randomUUID().toString(), marker, attempt).update();
            if (attempt == 1) {
                throw new ConcurrencyException("another node appended to the aggregate first");
            }
            return "answered on attempt " + attempt;
        });
        assertThat(answer).isEqualTo("answered on attempt 2");
        assertThat(jdbc.sql("SELECT total FROM replay_job WHERE processor = ?").param(marker).query(Long.class).list())
                .as("only the attempt that committed left its row").containsExactly(2L);
    }

    @Test
    void a_stale_version_is_final_and_a_race_lost_every_time_gives_up() {
        AtomicInteger stale = new AtomicInteger();
        assertThatThrownBy(() -> commands.inOneTransaction(() -> {
            stale.incrementAndGet();
            throw new ConflictingAggregateVersionException("user-1", 3, 4);
        })).isInstanceOf(ConflictingAggregateVersionException.class);
        assertThat(stale).hasValue(1);

        AtomicInteger lost = new AtomicInteger();
        assertThatThrownBy(() -> commands.inOneTransaction(() -> {
            lost.incrementAndGet();
            throw new ConcurrencyException("lost again");
        })).isInstanceOf(ConcurrencyException.class);
        assertThat(lost).hasValue(5);
    }
}
