package io.roster.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnknownClientSecretCheckTest {

    private final AtomicInteger checks = new AtomicInteger();
    private final PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return real.matches(raw, encoded);
        }
    };
    private final UnknownClientSecretCheck check = new UnknownClientSecretCheck(new InMemoryRegisteredClientRepository(
            RegisteredClient.withId("known-id").clientId("known").clientSecret(real.encode("secret"))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).build()), counting);

    @Test
    void an_unknown_client_id_is_refused_only_after_a_full_secret_check() {
        assertThatThrownBy(() -> check.authenticate(attempt("no-such-client")))
                .isInstanceOfSatisfying(OAuth2AuthenticationException.class,
                        refused -> assertThat(refused.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT));
        assertThat(checks).hasValue(1);
    }

    @Test
    void a_known_client_id_is_left_to_springs_own_secret_check() {
        assertThat(check.authenticate(attempt("known"))).isNull();
        assertThat(checks).hasValue(0);
    }

    private static OAuth2ClientAuthenticationToken attempt(String clientId) {
        return new OAuth2ClientAuthenticationToken(clientId, ClientAuthenticationMethod.CLIENT_SECRET_BASIC, "guess",
                Map.of());
    }
}
