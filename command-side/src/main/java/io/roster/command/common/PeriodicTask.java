package io.roster.command.common;

import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A background task every node runs on a fixed delay (outbox senders, timer runners, cleaners), on one daemon
 * thread, started with the application and stopped before the database goes away. Safe on several nodes only
 * because each task claims its work in the database (SKIP LOCKED) or is idempotent.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private final String name;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;
    private volatile boolean running;

    protected PeriodicTask(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
    }

    /** One pass; must not throw (log and retry at the next pass). */
    protected abstract void runOnce();

    /** Runs a pass now instead of at the next tick (e.g. after new work was committed). */
    public void wakeUp() {
        ScheduledExecutorService current = executor;
        if (running && current != null) {
            current.execute(this::runOnce);
        }
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
