package io.roster.command.user;

/**
 * Keyed hash (HMAC) of a lower-cased username: the claim table's key, so the claim holds no personal data
 * and cannot be reversed by hashing guesses without the key.
 */
@FunctionalInterface
public interface UsernameHasher {
    String hash(String username);
}
