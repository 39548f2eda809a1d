package io.roster.app.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The authorization server's store of issued authorizations, which also makes a revocation reach the API. Spring
 * marks a revoked (or otherwise invalidated) access token in its authorization row, but the API checks a JWT by
 * signature and time only; so when an authorization is saved with its access token invalidated, the token's id goes
 * into {@code revoked_access_token}, which {@link Principals} reads with the principal on every request, on every
 * node. Revoking a refresh token invalidates its access token too (Spring does that), so it reaches here as well.
 */
final class RevokingAuthorizationService implements OAuth2AuthorizationService {

    private static final Instant NEVER = Instant.parse("9999-12-31T00:00:00Z");

    private final OAuth2AuthorizationService store;
    private final JdbcClient jdbc;

    RevokingAuthorizationService(OAuth2AuthorizationService store, JdbcClient jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
        if (access != null && access.isInvalidated() && access.getClaims() != null
                && access.getClaims().get("jti") instanceof String tokenId) {
            // Roster's tokens always expire; one that did not would be denied for as long as the table lives
            Instant expiresAt = access.getToken().getExpiresAt() != null ? access.getToken().getExpiresAt() : NEVER;
            deny(jdbc, tokenId, expiresAt);
        }
        store.save(authorization);
    }

    /** Puts a token id on the list every request is checked against, until the token would have expired anyway. */
    static void deny(JdbcClient jdbc, String tokenId, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO revoked_access_token (token_id, expires_at) VALUES (?, ?)
                        ON CONFLICT (token_id) DO NOTHING""")
                .params(tokenId, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)).update();
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        store.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return store.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return store.findByToken(token, tokenType);
    }
}
