package io.roster.app.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The admin console's side of access control. People sign in on the authorization server's login page
 * (same accounts, same passwords, same session store); the console then calls Roster's own API on their behalf with
 * an access token like the one the authorization-code flow gives them, so every page and action passes the same
 * permission table, scope checks and guards as any API call. Each console request re-reads the person: a
 * deactivated or deleted person's session ends at their next click.
 */
@Component
public class ConsoleAccess {

    /** Where the signed-in person's current access token lives in the session. */
    private static final String TOKEN = ConsoleAccess.class.getName() + ".token";
    private static final String CALLER = "consoleCaller";
    /** The username a person signed in with (session attribute). */
    public static final String SIGNED_IN_AS = "roster.signedInAs";
    /** When the person signed in on this session: a password set after it ends the session, as it cuts tokens. */
    public static final String SIGNED_IN_AT = "roster.signedInAt";

    private final Principals principals;
    private final JwtEncoder encoder;
    private final Duration ttl;
    private final String issuer;
    private final JdbcClient jdbc;

    ConsoleAccess(Principals principals, JWKSource<SecurityContext> keys, JdbcClient jdbc,
                  @Value("${roster.security.access-token-ttl:5m}") Duration ttl,
                  @Value("${roster.public-url}") String publicUrl) {
        this.principals = principals;
        this.encoder = new NimbusJwtEncoder(keys);
        this.ttl = ttl;
        this.issuer = SecurityConfiguration.issuer(publicUrl);
        this.jdbc = jdbc;
    }

    private record SessionToken(String personId, String value, Instant expiresAt, String clientIp, String id)
            implements Serializable {
    }

    /**
     * A bearer token for the person signed in on this request's session, valid for at least another minute. It
     * names the browser's address, which the API records as the source IP of what the person does.
     */
    public String accessToken(HttpServletRequest request) {
        HttpSession session = request.getSession();
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String personId = authentication.getName();
        Instant now = Instant.now();
        // only this person's token, from this address, with a minute left (a session signed in again as someone
        // else keeps its attributes: never reuse another person's token)
        if (session.getAttribute(TOKEN) instanceof SessionToken token && token.personId().equals(personId)
                && token.expiresAt().isAfter(now.plusSeconds(60)) && token.clientIp().equals(request.getRemoteAddr())) {
            return token.value();
        }
        String tokenId = java.util.UUID.randomUUID().toString();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .id(tokenId)
                .issuer(issuer)
                .audience(java.util.List.of(SecurityConfiguration.AUDIENCE))
                .subject(personId)
                .issuedAt(now)
                .claim(BearerCallers.ISSUED_AT_MILLIS_CLAIM, now.toEpochMilli())
                .expiresAt(now.plus(ttl))
                .claim("azp", "roster-console")
                .claim(SecurityConfiguration.PRINCIPAL_ID_CLAIM, personId)
                .claim(SecurityConfiguration.PRINCIPAL_TYPE_CLAIM, "PERSON")
                .claim(SecurityConfiguration.CLIENT_IP_CLAIM, request.getRemoteAddr())
                .build();
        String value = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
        session.setAttribute(TOKEN, new SessionToken(personId, value, now.plus(ttl), request.getRemoteAddr(), tokenId));
        return value;
    }

    /**
     * Signing out revokes the token the console minted for this session: it has no authorization row for
     * {@code /oauth2/revoke} to find, so it goes on the same deny-list directly, and is refused at once on every node.
     */
    org.springframework.security.web.authentication.logout.LogoutHandler revokeTokenOnLogout() {
        return (request, response, authentication) -> {
            HttpSession session = request.getSession(false);
            if (session != null && session.getAttribute(TOKEN) instanceof SessionToken token && token.id() != null) {
                RevokingAuthorizationService.deny(jdbc, token.id(), token.expiresAt());
            }
        };
    }

    /** Forgets the session's token (a new sign-in on this session). */
    static void forgetToken(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(TOKEN);
        }
    }

    /**
     * Where people who are not signed in go: the login page; for an htmx request (a search, a progress poll) the
     * whole page is sent there instead of the login form being put inside it.
     */
    static org.springframework.security.web.AuthenticationEntryPoint loginEntryPoint() {
        org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint page =
                new org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint("/login");
        return (request, response, exception) -> {
            if (request.getHeader("HX-Request") != null) {
                response.setHeader("HX-Redirect", request.getContextPath() + "/login");
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            } else {
                page.commence(request, response, exception);
            }
        };
    }

    /** The signed-in person as the console shows them (name, roles), set by {@link ActivePersonFilter}. */
    public static Optional<Caller> person(HttpServletRequest request) {
        return Optional.ofNullable((Caller) request.getAttribute(CALLER));
    }

    /**
     * Ends the session of anyone who is no longer an active person (deactivated, deleted, or not a person at all)
     * or whose password changed after they signed in on it, and sends them to the login page; otherwise makes the
     * person available to the pages.
     */
    OncePerRequestFilter activePersonFilter() {
        return activePersonFilter(true);
    }

    /**
     * The same check for the authorization server's endpoints: a session that signed in before the person's password
     * changed, before an administrator signed them out, or before their deactivation must not get a new
     * authorization code without a password. There the session just ends and the request goes on unauthenticated,
     * so the person is asked to sign in and then continues where they were.
     */
    OncePerRequestFilter activePersonFilterForAuthorization() {
        return activePersonFilter(false);
    }

    private OncePerRequestFilter activePersonFilter(boolean toLoginPage) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                // a person signed in on the login page (not a client authenticating at the token endpoint)
                if (authentication instanceof UsernamePasswordAuthenticationToken
                        && authentication.isAuthenticated()) {
                    HttpSession session = request.getSession(false);
                    Instant signedInAt = session != null && session.getAttribute(SIGNED_IN_AT) instanceof Instant at
                            ? at : null;
                    Optional<Caller> caller = principals.activeCaller(authentication.getName(), signedInAt)
                            .filter(found -> found.type() == io.roster.events.ActorType.USER
                                    || found.type() == io.roster.events.ActorType.SUPPORT_USER);
                    if (caller.isEmpty() && toLoginPage) {
                        endSession(request, response);
                        return;
                    }
                    if (caller.isEmpty()) {
                        if (session != null) {
                            session.invalidate();
                        }
                        SecurityContextHolder.clearContext();
                        chain.doFilter(request, response);
                        return;
                    }
                    request.setAttribute(CALLER, caller.get());
                }
                chain.doFilter(request, response);
            }
        };
    }

    /** Invalidates the session and sends the browser (or htmx) to the login page. */
    public static void endSession(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        String login = request.getContextPath() + "/login?ended";
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", login);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else {
            response.sendRedirect(login);
        }
    }
}
