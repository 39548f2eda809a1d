package io.roster.app.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;
import java.time.Duration;

/**
 * What keeps guessing secrets at /oauth2/token and /login cheap for Roster and slow for the guesser: failed
 * attempts throttled per account and per address, and password checks bounded so they cannot take every core.
 */
@Configuration(proxyBeanMethods = false)
class SignInProtection {

    /** Every secret and password check in the application goes through this bound. */
    @Bean
    PasswordEncoder passwordEncoder(@Value("${roster.security.password-checks.concurrency:0}") int concurrency,
                                    @Value("${roster.security.password-checks.max-wait:2s}") Duration maxWait) {
        int permits = concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
        return new BoundedPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder(), permits, maxWait);
    }

    @Bean
    SignInThrottle signInThrottle(Clock clock,
                                  @Value("${roster.security.sign-in-throttle.failures-per-account:5}") int perAccount,
                                  @Value("${roster.security.sign-in-throttle.failures-per-address:100}") int perAddress,
                                  @Value("${roster.security.sign-in-throttle.window:15m}") Duration window,
                                  @Value("${roster.security.sign-in-throttle.lockout:1m}") Duration lockout,
                                  @Value("${roster.security.sign-in-throttle.max-lockout:1h}") Duration maxLockout,
                                  @Value("${roster.security.sign-in-throttle.max-keys:100000}") int maxKeys) {
        return new SignInThrottle(new SignInThrottle.Limits(perAccount, perAddress, window, lockout, maxLockout, maxKeys),
                clock);
    }
}
