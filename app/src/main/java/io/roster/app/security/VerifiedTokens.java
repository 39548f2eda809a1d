package io.roster.app.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which token strings {@code verifier} accepted, so that a client sending the same token many times has
 * its signature checked and its claims parsed once, not on every request. What is remembered is only what cannot
 * change for a given string: that Roster's key signed exactly these bytes, and that issuer and audience are Roster's.
 * A token is remembered until its {@code exp} and never past it (from then on it goes through {@code verifier} again,
 * whose clock-skew allowance decides), and only if it has one. Whether the token was revoked, whether its principal
 * is still active, still holds its roles and has not changed its credentials since is not decided here:
 * {@link BearerCallers} asks PostgreSQL that on every request, so another node's change counts on the next one.
 * <p>
 * Keyed by the SHA-256 of the token (a changed signature or claim is another key, and is verified in full); the
 * string is compared as well, so that not even a digest collision could stand in for a token. At most
 * {@code capacity} tokens (give or take the few being added at the same moment): when full, expired ones go first,
 * then arbitrary ones (they are verified again on their next use). The signing key is loaded once at start-up
 * ({@link SigningKeys}), so nothing remembered here can outlive the key that made it valid.
 */
final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Clock clock;
    private final int capacity;
    private final Map<ByteBuffer, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder verifier, Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.verifier = verifier;
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        if (token == null) {
            return verifier.decode(null);
        }
        ByteBuffer key = digest(token);
        Instant now = clock.instant();
        Jwt known = verified.get(key);
        if (known != null) {
            if (usable(known, now) && known.getTokenValue().equals(token)) {
                return known;
            }
            verified.remove(key, known);
        }
        Jwt jwt = verifier.decode(token);
        if (usable(jwt, now)) {
            remember(key, jwt, now);
        }
        return jwt;
    }

    /** How many tokens are remembered now (for tests). */
    int size() {
        return verified.size();
    }

    /** Before its expiry, strictly; a token without one is never remembered. */
    private static boolean usable(Jwt jwt, Instant now) {
        return jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt());
    }

    /** When full, makes a tenth of the room at once, so that a stream of new tokens does not sweep on every one. */
    private void remember(ByteBuffer key, Jwt jwt, Instant now) {
        if (verified.size() >= capacity) {
            verified.values().removeIf(known -> !usable(known, now));
            int target = capacity - Math.max(1, capacity / 10);
            Iterator<ByteBuffer> keys = verified.keySet().iterator();
            while (verified.size() > target && keys.hasNext()) {
                keys.next();
                keys.remove();
            }
        }
        verified.put(key, jwt);
    }

    private static ByteBuffer digest(String token) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException everyJavaHasIt) {
            throw new IllegalStateException(everyJavaHasIt);
        }
    }
}
