package io.roster.app.security;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed sign-ins, counted per account (client id or username) and per source address. Each key has a Bucket4j
 * bucket of allowed failures that refills over the window; a key whose bucket runs dry is locked out, for
 * {@code lockout} at first and twice as long for every further lock-out in a row (up to {@code maxLockout}), and
 * is forgiven once a whole window passes with no failure. Successful sign-ins consume nothing, so an attacker
 * guessing one account never slows anyone else's sign-in, and a success clears its account's count.
 * <p>
 * The state is in this node's memory, bounded by {@code maxKeys} (least recently used keys are forgotten first):
 * N nodes behind a load balancer allow N times the attempts. Time comes from the injected {@link Clock}.
 */
public class SignInThrottle {

    /** How many failures are allowed, how fast they are forgiven, how long lock-outs last, how many keys are kept. */
    public record Limits(int failuresPerAccount, int failuresPerAddress, Duration window, Duration lockout,
                         Duration maxLockout, int maxKeys) {
        public Limits {
            if (failuresPerAccount < 1 || failuresPerAddress < 1 || maxKeys < 1) {
                throw new IllegalArgumentException("sign-in throttle limits must be positive: " + failuresPerAccount
                        + ", " + failuresPerAddress + ", " + maxKeys);
            }
        }
    }

    private static final class Attempts {
        final Bucket failures;
        final int capacity;
        int lockoutsInARow;
        Instant lockedUntil = Instant.MIN;

        Attempts(Bucket failures, int capacity) {
            this.failures = failures;
            this.capacity = capacity;
        }
    }

    private final Limits limits;
    private final Clock clock;
    private final TimeMeter time;
    private final Map<String, Attempts> keys;

    public SignInThrottle(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.keys = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Attempts> eldest) {
                return size() > limits.maxKeys();
            }
        };
    }

    public static String clientKey(String clientId) {
        return "client:" + clientId;
    }

    /** {@code usernameHash} rather than the username: the throttle holds no personal data. */
    public static String personKey(String usernameHash) {
        return "person:" + usernameHash;
    }

    /** How long the account (may be null when the request names none) or the address must wait; empty: go ahead. */
    public Optional<Duration> lockedFor(String account, String address) {
        Instant now = clock.instant();
        Instant until = later(lockedUntil(account), lockedUntil(addressKey(address)));
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    public void failed(String account, String address) {
        if (account != null) {
            fail(account, limits.failuresPerAccount());
        }
        fail(addressKey(address), limits.failuresPerAddress());
    }

    /** The account proved its secret: its earlier failures no longer count (its address's still do). */
    public void succeeded(String account) {
        if (account != null) {
            synchronized (keys) {
                keys.remove(account);
            }
        }
    }

    int trackedKeys() {
        synchronized (keys) {
            return keys.size();
        }
    }

    private void fail(String key, int capacity) {
        Attempts attempts;
        synchronized (keys) {
            attempts = keys.computeIfAbsent(key, k -> new Attempts(Bucket.builder()
                    .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, limits.window()))
                    .withCustomTimePrecision(time)
                    .build(), capacity));
        }
        synchronized (attempts) {
            if (attempts.failures.getAvailableTokens() >= attempts.capacity) {
                attempts.lockoutsInARow = 0; // a whole window without failures: earlier lock-outs are forgiven
            }
            attempts.failures.tryConsume(1);
            Instant now = clock.instant();
            // attempts already under way when the lock began fail too: they do not lengthen the lock-out
            if (attempts.failures.getAvailableTokens() < 1 && !attempts.lockedUntil.isAfter(now)) {
                attempts.lockoutsInARow++;
                attempts.lockedUntil = now.plus(lockout(attempts.lockoutsInARow));
            }
        }
    }

    private Duration lockout(int lockoutsInARow) {
        Duration lockout = limits.lockout();
        for (int i = 1; i < lockoutsInARow && lockout.compareTo(limits.maxLockout()) < 0; i++) {
            lockout = lockout.multipliedBy(2);
        }
        return lockout.compareTo(limits.maxLockout()) > 0 ? limits.maxLockout() : lockout;
    }

    private Instant lockedUntil(String key) {
        if (key == null) {
            return Instant.MIN;
        }
        Attempts attempts;
        synchronized (keys) {
            attempts = keys.get(key);
        }
        if (attempts == null) {
            return Instant.MIN;
        }
        synchronized (attempts) {
            return attempts.lockedUntil;
        }
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
