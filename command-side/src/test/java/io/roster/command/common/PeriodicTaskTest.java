package io.roster.command.common;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodicTaskTest {

    /** Counts its passes; the first one waits until released. Ticks once an hour: only wake-ups run it here. */
    private static final class CountingTask extends PeriodicTask {
        final AtomicInteger passes = new AtomicInteger();
        final CountDownLatch firstBegun = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);
        final CountDownLatch secondDone = new CountDownLatch(1);

        CountingTask() {
            super("counting", Duration.ofHours(1));
        }

        @Override
        protected void runOnce() {
            int pass = passes.incrementAndGet();
            if (pass == 1) {
                firstBegun.countDown();
                await(releaseFirst);
            } else if (pass == 2) {
                secondDone.countDown();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_burst_of_wake_ups_during_a_pass_queues_one_more_pass_not_one_per_wake_up() {
        CountingTask task = new CountingTask();
        task.start();
        try {
            task.wakeUp();
            await(task.firstBegun);
            // a burst of commits while the first pass runs: one more pass sees them all
            for (int i = 0; i < 100; i++) {
                task.wakeUp();
            }
            task.releaseFirst.countDown();
            await(task.secondDone);
        } finally {
            task.stop(); // waits for queued passes to finish
        }
        assertThat(task.passes.get()).isEqualTo(2);
    }

    @Test
    void a_wake_up_while_a_pass_runs_is_not_lost() {
        CountingTask task = new CountingTask();
        task.start();
        try {
            task.wakeUp();
            await(task.firstBegun);
            task.wakeUp(); // work committed after the running pass looked
            task.releaseFirst.countDown();
            await(task.secondDone);
        } finally {
            task.stop();
        }
        assertThat(task.passes.get()).isEqualTo(2);
    }

    @Test
    void a_wake_up_asked_for_inside_a_transaction_comes_after_its_commit() {
        AtomicInteger wakeUps = new AtomicInteger();
        PeriodicTask task = new PeriodicTask("after-commit", Duration.ofHours(1)) {
            @Override
            protected void runOnce() {
            }

            @Override
            public void wakeUp() {
                wakeUps.incrementAndGet();
            }
        };
        TransactionSynchronizationManager.initSynchronization();
        try {
            task.wakeUpAfterCommit();
            // a pass woken now would not see what the transaction wrote
            assertThat(wakeUps.get()).isZero();
            TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
            assertThat(wakeUps.get()).isEqualTo(1);
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }
}
