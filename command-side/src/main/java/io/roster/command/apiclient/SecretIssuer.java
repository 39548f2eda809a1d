package io.roster.command.apiclient;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;

/** New client secrets: 256 random bits, shown to the caller once and kept only as a password hash. */
@Component
public class SecretIssuer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PasswordEncoder encoder;

    public SecretIssuer(PasswordEncoder encoder) {
        this.encoder = encoder;
    }

    public record Issued(String secret, String hash) {
    }

    public Issued issue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return issue("rs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Hashes a secret chosen by the operator (the bootstrap client's, from the environment). */
    public Issued issue(String secret) {
        return new Issued(secret, encoder.encode(secret));
    }
}
