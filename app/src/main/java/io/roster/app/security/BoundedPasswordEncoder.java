package io.roster.app.security;

import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how many password and secret checks run at once. A bcrypt check is ~100 ms of CPU by design; unbounded,
 * a flood of wrong secrets takes every core and pushes ordinary API calls (which never hash anything) into
 * seconds. Checks wait in arrival order (a fair semaphore) and give up after {@code maxWait}, so a flood piles up
 * neither threads nor latency: the caller answers 503 with Retry-After instead (see {@link SignInThrottleFilter}).
 */
public class BoundedPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final Semaphore permits;
    private final Duration maxWait;

    public BoundedPasswordEncoder(PasswordEncoder delegate, int concurrency, Duration maxWait) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("at least one password check must be allowed at a time");
        }
        this.delegate = delegate;
        this.permits = new Semaphore(concurrency, true);
        this.maxWait = maxWait;
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        return bounded(() -> delegate.matches(rawPassword, encodedPassword));
    }

    /**
     * Not bounded: new secrets and passwords are hashed only for authenticated administrators and one-time links,
     * which a flood of guesses cannot reach, and a refusal there would fail a change already decided.
     */
    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private <T> T bounded(java.util.function.Supplier<T> check) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PasswordChecksBusy(maxWait);
        }
        if (!acquired) {
            throw new PasswordChecksBusy(maxWait);
        }
        try {
            return check.get();
        } finally {
            permits.release();
        }
    }

    /** Checks currently waiting for a permit. */
    int waiting() {
        return permits.getQueueLength();
    }

    /**
     * Too many password checks are queued: this one was not tried, so it is neither a success nor a failure.
     * Not an {@code AuthenticationException}, so the sign-in filters let it through unrecorded.
     */
    public static final class PasswordChecksBusy extends RuntimeException {
        private final Duration retryAfter;

        PasswordChecksBusy(Duration retryAfter) {
            super("too many password checks are waiting; try again shortly", null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
