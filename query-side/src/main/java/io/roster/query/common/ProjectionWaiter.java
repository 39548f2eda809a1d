package io.roster.query.common;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Read your writes without making projections synchronous: a command's answer waits, bounded, until the
 * read model shows the aggregate version the command produced. Projections on this node wake waiters
 * right after they commit; a projection running on another node is seen by polling the table, so this
 * holds across nodes too.
 */
@Component
public class ProjectionWaiter {

    private static final long POLL_MILLIS = 10;

    private final Object monitor = new Object();
    private final Duration timeout;

    public ProjectionWaiter(@Value("${roster.read-your-writes.timeout:5s}") Duration timeout) {
        this.timeout = timeout;
    }

    /** Call from an event handler: waiters re-read once the handler's transaction has committed. */
    public void signalAfterCommit() {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> signal());
        } else {
            signal();
        }
    }

    private void signal() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /** Reads a row until it shows at least {@code minVersion} (no wait for {@code minVersion <= 0}). */
    public <T> Optional<T> awaitVersion(Supplier<Optional<T>> read, ToLongFunction<T> version, long minVersion) {
        if (minVersion <= 0) {
            return read.get();
        }
        return await(read, found -> found.map(row -> version.applyAsLong(row) >= minVersion).orElse(false));
    }

    /** Reads until {@code caughtUp} holds or the timeout passes; returns the last read either way. */
    public <T> T await(Supplier<T> read, Predicate<T> caughtUp) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!caughtUp.test(value)) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                return value;
            }
            synchronized (monitor) {
                try {
                    monitor.wait(Math.min(remainingMillis, POLL_MILLIS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return value;
                }
            }
            value = read.get();
        }
        return value;
    }
}
