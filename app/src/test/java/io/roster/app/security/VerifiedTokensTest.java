package io.roster.app.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.roster.app.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A token's signature is checked once while it lasts; nothing else is remembered, and nothing past its exp. */
class VerifiedTokensTest {

    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final RSAKey ROSTER = key("roster-1");
    private static final RSAKey STRANGER = key("roster-1");

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger verifications = new AtomicInteger();
    private final VerifiedTokens tokens = new VerifiedTokens(counting(verifier()), clock, 100);

    @Test
    void the_same_token_is_verified_once_and_reads_the_same_claims() {
        String token = sign(ROSTER, clock.instant().plusSeconds(300));

        Jwt first = tokens.decode(token);
        Jwt second = tokens.decode(token);

        assertThat(verifications).hasValue(1);
        assertThat(second.getClaims()).isEqualTo(first.getClaims());
        assertThat(second.getTokenValue()).isEqualTo(token);
    }

    @Test
    void an_expired_token_is_refused_even_after_it_was_remembered() {
        String token = sign(ROSTER, clock.instant().plusSeconds(60));
        tokens.decode(token);

        clock.advance(Duration.ofSeconds(61));
        assertThat(tokens.decode(token)).as("past exp, within the skew: verified again, not remembered").isNotNull();
        assertThat(verifications).hasValue(2);

        clock.advance(SKEW);
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining("expired");
    }

    @Test
    void a_token_past_its_exp_within_the_skew_or_without_exp_is_verified_every_time() {
        for (String token : new String[] {sign(ROSTER, clock.instant().minusSeconds(5)), sign(ROSTER, null)}) {
            verifications.set(0);

            tokens.decode(token);
            tokens.decode(token);

            assertThat(verifications).hasValue(2);
            assertThat(tokens.size()).isZero();
        }
    }

    @Test
    void a_changed_signature_or_payload_of_a_remembered_token_is_refused() {
        String token = sign(ROSTER, clock.instant().plusSeconds(300));
        tokens.decode(token);
        String[] parts = token.split("\\.");

        String otherSignature = parts[0] + "." + parts[1] + "." + flipped(parts[2]);
        assertThatThrownBy(() -> tokens.decode(otherSignature)).isInstanceOf(JwtException.class);
        String otherPayload = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"alice\"", "\"mallory\"").getBytes())
                + "." + parts[2];
        assertThatThrownBy(() -> tokens.decode(otherPayload)).isInstanceOf(JwtException.class);
        assertThat(tokens.decode(token).getSubject()).as("the genuine one still").isEqualTo("alice");
    }

    @Test
    void a_token_signed_by_another_key_is_refused_whatever_is_remembered() {
        Instant exp = clock.instant().plusSeconds(300);
        tokens.decode(sign(ROSTER, exp));

        assertThatThrownBy(() -> tokens.decode(sign(STRANGER, exp))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> tokens.decode("not.a.token")).isInstanceOf(JwtException.class);
    }

    @Test
    void at_most_capacity_tokens_are_remembered() {
        VerifiedTokens small = new VerifiedTokens(verifier(), clock, 10);
        for (int i = 0; i < 35; i++) {
            small.decode(sign(ROSTER, clock.instant().plusSeconds(300)));
            assertThat(small.size()).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void expired_tokens_make_room_first() {
        VerifiedTokens small = new VerifiedTokens(verifier(), clock, 10);
        for (int i = 0; i < 10; i++) {
            small.decode(sign(ROSTER, clock.instant().plusSeconds(10)));
        }
        clock.advance(Duration.ofSeconds(11));

        small.decode(sign(ROSTER, clock.instant().plusSeconds(300)));

        assertThat(small.size()).isEqualTo(1);
    }

    private JwtDecoder verifier() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey(ROSTER)).build();
        JwtTimestampValidator time = new JwtTimestampValidator(SKEW);
        time.setClock(clock);
        decoder.setJwtValidator(time);
        return decoder;
    }

    private JwtDecoder counting(JwtDecoder decoder) {
        return token -> {
            verifications.incrementAndGet();
            return decoder.decode(token);
        };
    }

    private String sign(RSAKey key, Instant expiresAt) {
        Instant issuedAt = expiresAt == null || expiresAt.isAfter(clock.instant())
                ? clock.instant() : expiresAt.minusSeconds(300);
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder().id(UUID.randomUUID().toString()).subject("alice")
                .issuedAt(issuedAt);
        if (expiresAt != null) {
            claims.expiresAt(expiresAt);
        }
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key))).encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).build(), claims.build())).getTokenValue();
    }

    private static String flipped(String signature) {
        byte[] bytes = Base64.getUrlDecoder().decode(signature);
        bytes[bytes.length / 2] ^= 1;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static RSAPublicKey publicKey(RSAKey key) {
        try {
            return key.toRSAPublicKey();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey key(String id) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(id).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
