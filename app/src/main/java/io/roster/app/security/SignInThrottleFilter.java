package io.roster.app.security;

import io.roster.command.user.UsernameHasher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Puts a sign-in endpoint behind the {@link SignInThrottle}: a locked-out account or address gets 429 with
 * Retry-After before any secret is checked, and the outcome of every other attempt is counted. The address is
 * the one Tomcat sees (forwarded headers are trusted, or not, by the server's own configuration).
 */
abstract class SignInThrottleFilter extends OncePerRequestFilter {

    private final SignInThrottle throttle;

    SignInThrottleFilter(SignInThrottle throttle) {
        this.throttle = throttle;
    }

    /**
     * POST /oauth2/token: the account is the client id; a 401 (invalid_client) is a failure, a 2xx a success. The
     * public sign-in client has no secret to guess and is shared by every person: counting failures against it
     * would let anyone lock every person out, so only the address counts for it.
     */
    static SignInThrottleFilter tokenEndpoint(SignInThrottle throttle, String publicClientId) {
        return new SignInThrottleFilter(throttle) {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !("POST".equals(request.getMethod()) && "/oauth2/token".equals(request.getServletPath()));
            }

            @Override
            String account(HttpServletRequest request) {
                return clientId(request).filter(id -> !id.equals(publicClientId)).map(SignInThrottle::clientKey)
                        .orElse(null);
            }

            @Override
            Outcome attempt(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                chain.doFilter(request, response);
                int status = response.getStatus();
                return status == HttpServletResponse.SC_UNAUTHORIZED ? Outcome.FAILED
                        : status >= 200 && status < 300 ? Outcome.SUCCEEDED : Outcome.NEITHER;
            }
        };
    }

    /** POST /login (the form): the account is the username; signed in afterwards is a success, else a failure. */
    static SignInThrottleFilter loginForm(SignInThrottle throttle, UsernameHasher hasher) {
        return new SignInThrottleFilter(throttle) {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
            }

            @Override
            String account(HttpServletRequest request) {
                String username = request.getParameter("username");
                return username == null || username.isBlank() ? null
                        : SignInThrottle.personKey(hasher.hash(username.trim()));
            }

            @Override
            Outcome attempt(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication before = SecurityContextHolder.getContext().getAuthentication();
                chain.doFilter(request, response);
                Authentication after = SecurityContextHolder.getContext().getAuthentication();
                // someone already signed in on this session who posts a wrong password has still failed
                return after != before && after instanceof UsernamePasswordAuthenticationToken && after.isAuthenticated()
                        ? Outcome.SUCCEEDED : Outcome.FAILED;
            }
        };
    }

    enum Outcome { SUCCEEDED, FAILED, NEITHER }

    abstract String account(HttpServletRequest request);

    abstract Outcome attempt(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String account = account(request);
        String address = request.getRemoteAddr();
        Optional<Duration> locked = throttle.lockedFor(account, address);
        if (locked.isPresent()) {
            refuse(request, response, 429, "too-many-sign-in-attempts", locked.get(),
                    "too many failed sign-in attempts for this account or from this address; try again later");
            return;
        }
        Outcome outcome;
        try {
            outcome = attempt(request, response, chain);
        } catch (BoundedPasswordEncoder.PasswordChecksBusy busy) {
            // not tried, so not counted: the server was too busy checking other secrets
            if (!response.isCommitted()) {
                response.resetBuffer();
                refuse(request, response, 503, "sign-in-busy", busy.retryAfter(), busy.getMessage());
            }
            return;
        }
        switch (outcome) {
            case FAILED -> throttle.failed(account, address);
            case SUCCEEDED -> throttle.succeeded(account);
            case NEITHER -> { }
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String type,
                               Duration retryAfter, String detail) throws IOException {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        ProblemResponses.write(request, response, status, type, detail);
    }

    /** The client id from HTTP Basic (form-encoded, RFC 6749 2.3.1) or from the client_id parameter. */
    static Optional<String> clientId(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return Optional.of(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException malformed) {
                return Optional.empty();
            }
            return Optional.empty();
        }
        return Optional.ofNullable(request.getParameter("client_id")).filter(id -> !id.isBlank());
    }
}
