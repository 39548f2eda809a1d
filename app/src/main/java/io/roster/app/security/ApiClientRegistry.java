package io.roster.app.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import java.time.Duration;
import java.util.List;

/**
 * The token endpoint's view of API clients: active clients with their hashed secrets, straight from the tables
 * the commands keep. Clients are created and changed only through /api/v1/api-clients (event-sourced), never
 * through this repository.
 */
class ApiClientRegistry implements RegisteredClientRepository {

    private static final String SELECT = """
            SELECT c.api_client_id, c.client_id, c.secret_hash FROM client_credential c
            JOIN security_principal p ON p.principal_id = c.api_client_id AND p.active""";

    private final JdbcClient jdbc;
    private final Duration accessTokenTtl;
    private final RegisteredClient signInClient;

    /**
     * {@code signInClientId} is the public client (no secret, PKCE required) through which people sign in with
     * the authorization-code flow, redirecting to one of {@code redirectUris}.
     */
    ApiClientRegistry(JdbcClient jdbc, Duration accessTokenTtl, String signInClientId, List<String> redirectUris) {
        this.jdbc = jdbc;
        this.accessTokenTtl = accessTokenTtl;
        this.signInClient = RegisteredClient.withId(signInClientId)
                .clientId(signInClientId)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUris(uris -> uris.addAll(redirectUris))
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(accessTokenTtl).build())
                .build();
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new IllegalStateException("API clients are created through POST /api/v1/api-clients");
    }

    @Override
    public RegisteredClient findById(String id) {
        if (signInClient.getId().equals(id)) {
            return signInClient;
        }
        return jdbc.sql(SELECT + " WHERE c.api_client_id = ?").param(id).query((rs, row) -> client(
                rs.getString(1), rs.getString(2), rs.getString(3))).optional().orElse(null);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        if (signInClient.getClientId().equals(clientId)) {
            return signInClient;
        }
        return jdbc.sql(SELECT + " WHERE c.client_id = ?").param(clientId).query((rs, row) -> client(
                rs.getString(1), rs.getString(2), rs.getString(3))).optional().orElse(null);
    }

    private RegisteredClient client(String apiClientId, String clientId, String secretHash) {
        return RegisteredClient.withId(apiClientId)
                .clientId(clientId)
                .clientSecret(secretHash)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(accessTokenTtl).build())
                .build();
    }
}
