package io.roster.app.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.time.Instant;

/**
 * Turns a verified JWT into the {@link Caller} it names, read as it is right now: a token whose principal is gone,
 * deactivated, or whose secret or password changed after the token was issued, or a token that was revoked
 * ({@link RevokingAuthorizationService}), authenticates nobody (401).
 */
final class BearerCallers implements Converter<Jwt, AbstractAuthenticationToken> {

    /**
     * When the token was issued, in epoch milliseconds. The standard {@code iat} has whole seconds only: a token
     * fetched with the new secret in the same second as a rotation would look older than the rotation.
     */
    static final String ISSUED_AT_MILLIS_CLAIM = "iat_ms";

    private final Principals principals;

    BearerCallers(Principals principals) {
        this.principals = principals;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt token) {
        String principalId = token.getClaimAsString(SecurityConfiguration.PRINCIPAL_ID_CLAIM);
        Caller caller = principalId == null ? null
                : principals.activeCaller(principalId, issuedAt(token), token.getId()).orElse(null);
        if (caller == null) {
            throw new InvalidBearerTokenException("the principal behind this token is not active");
        }
        return new CallerAuthentication(caller, token);
    }

    /** Tokens without the precise claim count from the start of their {@code iat} second (refused when in doubt). */
    static Instant issuedAt(Jwt token) {
        Object millis = token.getClaims().get(ISSUED_AT_MILLIS_CLAIM);
        if (millis instanceof Number number) {
            return Instant.ofEpochMilli(number.longValue());
        }
        return token.getIssuedAt() != null ? token.getIssuedAt() : Instant.EPOCH;
    }
}
