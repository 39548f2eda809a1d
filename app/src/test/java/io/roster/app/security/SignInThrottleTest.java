package io.roster.app.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {

    /** Time stands still unless the test moves it: lock-outs are compared to the exact duration. */
    private static final class StoppedClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final StoppedClock clock = new StoppedClock();
    private final SignInThrottle throttle = new SignInThrottle(new SignInThrottle.Limits(3, 10, Duration.ofMinutes(15),
            Duration.ofMinutes(1), Duration.ofMinutes(4), 1000), clock);

    @Test
    void an_account_is_locked_out_after_its_failures_and_longer_each_time_in_a_row() {
        for (int i = 0; i < 2; i++) {
            throttle.failed("client:a", "10.0.0.1");
            assertThat(throttle.lockedFor("client:a", "10.0.0.1")).isEmpty();
        }
        throttle.failed("client:a", "10.0.0.1");
        assertThat(throttle.lockedFor("client:a", "10.0.0.2")).hasValue(Duration.ofMinutes(1));
        assertThat(throttle.lockedFor("client:b", "10.0.0.1")).as("others from the same address").isEmpty();

        clock.advance(Duration.ofSeconds(61));
        assertThat(throttle.lockedFor("client:a", "10.0.0.1")).isEmpty();
        throttle.failed("client:a", "10.0.0.1");
        assertThat(throttle.lockedFor("client:a", "10.0.0.1")).hasValue(Duration.ofMinutes(2));
        clock.advance(Duration.ofSeconds(121));
        throttle.failed("client:a", "10.0.0.1");
        assertThat(throttle.lockedFor("client:a", "10.0.0.1")).hasValue(Duration.ofMinutes(4));
        clock.advance(Duration.ofSeconds(241));
        throttle.failed("client:a", "10.0.0.1");
        assertThat(throttle.lockedFor("client:a", "10.0.0.1")).as("capped").hasValue(Duration.ofMinutes(4));
    }

    @Test
    void failures_of_attempts_already_under_way_when_the_lock_began_do_not_lengthen_it() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("client:e", "10.0.3.1");
        }
        assertThat(throttle.lockedFor("client:e", "10.0.3.1")).hasValue(Duration.ofMinutes(1));
    }

    @Test
    void a_success_clears_the_account_and_a_quiet_window_forgives_earlier_lockouts() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("client:c", "10.0.1.1");
        }
        clock.advance(Duration.ofSeconds(61));
        throttle.succeeded("client:c");
        throttle.failed("client:c", "10.0.1.1");
        assertThat(throttle.lockedFor("client:c", "10.0.1.1")).isEmpty();

        for (int i = 0; i < 3; i++) {
            throttle.failed("client:d", "10.0.1.2");
        }
        clock.advance(Duration.ofMinutes(16));
        for (int i = 0; i < 3; i++) {
            throttle.failed("client:d", "10.0.1.2");
        }
        assertThat(throttle.lockedFor("client:d", "10.0.1.2")).as("back to the first lock-out")
                .hasValue(Duration.ofMinutes(1));
    }

    @Test
    void an_address_is_locked_out_after_its_failures_whatever_accounts_it_tries() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.lockedFor("client:spray-" + i, "10.0.2.1")).isEmpty();
            throttle.failed("client:spray-" + i, "10.0.2.1");
        }
        assertThat(throttle.lockedFor("client:someone-else", "10.0.2.1")).hasValue(Duration.ofMinutes(1));
        assertThat(throttle.lockedFor(null, "10.0.2.1")).hasValue(Duration.ofMinutes(1));
        assertThat(throttle.lockedFor("client:someone-else", "10.0.2.2")).isEmpty();
    }

    @Test
    void the_number_of_remembered_keys_is_bounded() {
        SignInThrottle small = new SignInThrottle(new SignInThrottle.Limits(3, 10, Duration.ofMinutes(15),
                Duration.ofMinutes(1), Duration.ofMinutes(4), 50), clock);
        for (int i = 0; i < 500; i++) {
            small.failed("client:k" + i, "10.1." + (i / 250) + "." + (i % 250));
        }
        assertThat(small.trackedKeys()).isEqualTo(50);
    }
}
