package io.roster.command.common;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A background task every node runs on a fixed delay (outbox senders, timer runners, cleaners), on one daemon
 * thread, started with the application and stopped before the database goes away. Safe on several nodes only
 * because each task claims its work in the database (SKIP LOCKED) or is idempotent.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private final String name;
    private final Duration interval;
    private final Duration gather;
    /** A pass is queued that has not begun yet: it will see whatever was committed before it begins. */
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;
    private volatile boolean running;

    protected PeriodicTask(String name, Duration interval) {
        this(name, interval, Duration.ZERO);
    }

    /**
     * {@code gather}: how long a pass woken by new work waits for more before it begins, so that work committed in a
     * burst is claimed in one pass (one transaction) rather than one pass per commit; zero for work someone waits for.
     */
    protected PeriodicTask(String name, Duration interval, Duration gather) {
        this.name = name;
        this.interval = interval;
        this.gather = gather;
    }

    /** One pass; must not throw (log and retry at the next pass). */
    protected abstract void runOnce();

    /**
     * Runs a pass soon instead of at the next tick (e.g. after new work was committed). Wake-ups while a pass is queued
     * and not yet begun add nothing: that pass will see the new work. A wake-up during a pass queues one more.
     */
    public void wakeUp() {
        ScheduledExecutorService current = executor;
        if (running && current != null && passQueued.compareAndSet(false, true)) {
            try {
                current.schedule(this::wokenPass, gather.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                passQueued.set(false);
            }
        }
    }

    /**
     * Wakes a pass once the current transaction has committed, so that the pass sees what it wrote. A command's unit of
     * work that joins a wider transaction (the answer read with it, an import row with its outcome) "commits" before
     * the transaction does: a pass woken then found nothing and the work waited for the next tick.
     */
    public void wakeUpAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeUp();
                }
            });
        } else if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> wakeUp());
        } else {
            wakeUp();
        }
    }

    private void wokenPass() {
        passQueued.set(false);
        runOnce();
    }

    protected boolean isStopping() {
        return !running;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        executor.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
