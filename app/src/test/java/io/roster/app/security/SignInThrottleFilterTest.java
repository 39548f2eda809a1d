package io.roster.app.security;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleFilterTest {

    private final SignInThrottle throttle = new SignInThrottle(new SignInThrottle.Limits(2, 100, Duration.ofMinutes(15),
            Duration.ofMinutes(1), Duration.ofHours(1), 1000), Clock.systemUTC());
    private final SignInThrottleFilter filter = SignInThrottleFilter.tokenEndpoint(throttle, "roster-cli");

    @Test
    void a_sign_in_that_found_every_password_check_busy_is_answered_503_with_retry_after_and_not_counted()
            throws Exception {
        FilterChain busy = (request, response) -> {
            throw new BoundedPasswordEncoder.PasswordChecksBusy(Duration.ofSeconds(2));
        };
        for (int i = 0; i < 3; i++) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            filter.doFilter(tokenRequest("busy-client", "10.9.0.1"), response, busy);
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeader("Retry-After")).isEqualTo("2");
            assertThat(response.getContentType()).startsWith("application/problem+json");
            assertThat(response.getContentAsString()).contains("/problems/sign-in-busy");
        }
        assertThat(throttle.lockedFor(SignInThrottle.clientKey("busy-client"), "10.9.0.1")).isEmpty();
    }

    @Test
    void a_locked_out_client_is_answered_429_without_its_secret_being_checked() throws Exception {
        AtomicInteger checked = new AtomicInteger();
        FilterChain wrongSecret = (request, response) -> {
            checked.incrementAndGet();
            ((jakarta.servlet.http.HttpServletResponse) response).setStatus(401);
        };
        for (int i = 0; i < 2; i++) {
            filter.doFilter(tokenRequest("guessed-client", "10.9.0.2"), new MockHttpServletResponse(), wrongSecret);
        }
        MockHttpServletResponse locked = new MockHttpServletResponse();
        filter.doFilter(tokenRequest("guessed-client", "10.9.0.3"), locked, wrongSecret);
        assertThat(locked.getStatus()).isEqualTo(429);
        assertThat(Long.parseLong(locked.getHeader("Retry-After"))).isBetween(1L, 60L);
        assertThat(checked).hasValue(2);
    }

    private static MockHttpServletRequest tokenRequest(String clientId, String address) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
        request.setServletPath("/oauth2/token");
        request.setRemoteAddr(address);
        request.addHeader("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":guess").getBytes(StandardCharsets.UTF_8)));
        return request;
    }
}
