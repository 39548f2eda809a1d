package io.roster.app.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.roster.app.crypto.PersonalDataVault;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;

/**
 * The RSA key that signs access tokens, created once and stored in PostgreSQL (private part wrapped by the
 * master key), so that every node and every restart signs and verifies with the same key.
 */
final class SigningKeys {

    private static final String KEY_ID = "roster-1";

    private SigningKeys() {
    }

    static JWKSource<SecurityContext> load(JdbcClient jdbc, PersonalDataVault vault) {
        try {
            record Stored(byte[] publicKey, byte[] privateKey) {
            }
            var select = jdbc.sql("SELECT public_key, private_key FROM signing_key WHERE key_id = ?").param(KEY_ID);
            Optional<Stored> existing = select.query((rs, row) -> new Stored(rs.getBytes(1), rs.getBytes(2))).optional();
            if (existing.isEmpty()) {
                // first start: create the key; a node starting at the same moment may win, so read back the row
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair fresh = generator.generateKeyPair();
                jdbc.sql("INSERT INTO signing_key (key_id, public_key, private_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                        .params(KEY_ID, fresh.getPublic().getEncoded(), vault.wrapSecret(KEY_ID, fresh.getPrivate().getEncoded()))
                        .update();
            }
            Stored stored = existing.orElseGet(() -> select.query((rs, row) -> new Stored(rs.getBytes(1), rs.getBytes(2))).single());
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(stored.publicKey()));
            RSAPrivateKey privateKey = (RSAPrivateKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(vault.unwrapSecret(KEY_ID, stored.privateKey())));
            RSAKey key = new RSAKey.Builder(publicKey).privateKey(privateKey).keyID(KEY_ID).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the token signing key", e);
        }
    }
}
