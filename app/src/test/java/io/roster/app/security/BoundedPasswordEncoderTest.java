package io.roster.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedPasswordEncoderTest {

    /** A password check that holds its thread until released, counting how many run at once. */
    private static final class HeldChecks implements PasswordEncoder {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch twoRunning = new CountDownLatch(2);

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            twoRunning.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return false;
        }

        @Override
        public String encode(CharSequence raw) {
            return "held";
        }
    }

    @Test
    void no_more_checks_run_at_once_than_permitted_and_a_check_waiting_too_long_gives_up() throws Exception {
        HeldChecks checks = new HeldChecks();
        BoundedPasswordEncoder bounded = new BoundedPasswordEncoder(checks, 2, Duration.ofMillis(200));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(pool.submit(() -> bounded.matches("guess", "hash")));
            }
            assertThat(checks.twoRunning.await(10, TimeUnit.SECONDS)).isTrue();

            long started = System.nanoTime();
            assertThatThrownBy(() -> bounded.matches("one more", "hash"))
                    .isInstanceOf(BoundedPasswordEncoder.PasswordChecksBusy.class)
                    .satisfies(busy -> assertThat(((BoundedPasswordEncoder.PasswordChecksBusy) busy).retryAfter())
                            .isEqualTo(Duration.ofMillis(200)));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("gave up after the wait bound, not before")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(190)).isLessThan(Duration.ofSeconds(5));

            checks.release.countDown();
            for (Future<Boolean> check : held) {
                assertThat(check.get(10, TimeUnit.SECONDS)).isFalse();
            }
            assertThat(checks.mostAtOnce.get()).isEqualTo(2);
            assertThat(bounded.waiting()).isZero();
        } finally {
            checks.release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void checks_that_find_a_free_permit_run_and_return_the_delegates_answer() {
        PasswordEncoder real = org.springframework.security.crypto.factory.PasswordEncoderFactories
                .createDelegatingPasswordEncoder();
        BoundedPasswordEncoder bounded = new BoundedPasswordEncoder(real, 1, Duration.ofSeconds(2));
        String hash = bounded.encode("correct horse");
        assertThat(bounded.matches("correct horse", hash)).isTrue();
        assertThat(bounded.matches("wrong horse", hash)).isFalse();
        // each check gave its permit back: a second one-permit check did not wait
        assertThat(bounded.matches("correct horse", hash)).isTrue();
    }
}
