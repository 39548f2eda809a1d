package io.roster.app.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import java.util.UUID;

/**
 * Refuses a client secret for an unknown client id only after a full secret check against a dummy hash. Spring
 * Authorization Server answers an unknown client id at once but checks a known one's secret with bcrypt (~100 ms),
 * which would tell anyone timing the answers which client ids exist. Known client ids are left to the next
 * provider (Spring's own secret check).
 */
final class UnknownClientSecretCheck implements AuthenticationProvider {

    private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1";

    private final RegisteredClientRepository clients;
    private final PasswordEncoder passwords;
    private final String dummyHash;

    UnknownClientSecretCheck(RegisteredClientRepository clients, PasswordEncoder passwords) {
        this.clients = clients;
        this.passwords = passwords;
        // hashed like real secrets (same algorithm and cost), so checking against it takes as long
        this.dummyHash = passwords.encode(UUID.randomUUID().toString());
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
        ClientAuthenticationMethod method = client.getClientAuthenticationMethod();
        if (!(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)
                || ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method))
                || client.getCredentials() == null
                || clients.findByClientId(client.getPrincipal().toString()) != null) {
            return null;
        }
        passwords.matches(client.getCredentials().toString(), dummyHash);
        // the same error Spring Authorization Server gives for an unknown client id
        throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
                "Client authentication failed: " + "client_id", ERROR_URI));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
