package io.roster.command.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One-time activation and reset links (stored as SHA-256 hashes) and password hashes, kept outside the event
 * store and written in the command's transaction.
 */
public interface Credentials {

    /** The user a still-valid (unused, unexpired) link belongs to. */
    Optional<String> userForToken(String tokenHash);

    /** Uses up the link; a 410 {@code invalid-link} when it is unknown, used, expired or someone else's. */
    void consumeToken(String tokenHash, String userId);

    void storePassword(String userId, String passwordHash);

    /** A new link ({@code purpose} INVITATION or RESET) replaces the person's earlier open links of any kind. */
    void issueLink(String userId, String tokenHash, String purpose, Instant expiresAt);

    /** Every open link of the person stops working. */
    void endOpenLinks(String userId);

    /** Links carry a random token; only its SHA-256 is stored. */
    static String hashToken(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
