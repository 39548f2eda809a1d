package io.roster.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An absolute lifetime for the sessions of the login page and the console, besides the idle timeout: a session kept
 * busy (a dashboard left polling, a stolen cookie in use) still ends this long after its person signed in, and the
 * person signs in again. Checked on every request, before Spring Security reads the session, so it holds on every
 * node whatever the session store.
 */
@Configuration(proxyBeanMethods = false)
class SessionLifetime {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> absoluteSessionLifetime(
            Clock clock, @Value("${roster.sessions.absolute-lifetime:12h}") Duration lifetime) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                HttpSession session = request.getSession(false);
                if (session != null && !clock.instant().isBefore(startOf(session).plus(lifetime))) {
                    session.invalidate();
                }
                chain.doFilter(request, response);
            }
        });
        // right after Spring Session has put its session on the request, well before Spring Security
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 1);
        return registration;
    }

    /** When the person signed in on the session; before anyone did, when the session began. */
    private static Instant startOf(HttpSession session) {
        return session.getAttribute(ConsoleAccess.SIGNED_IN_AT) instanceof Instant signedIn ? signedIn
                : Instant.ofEpochMilli(session.getCreationTime());
    }
}
