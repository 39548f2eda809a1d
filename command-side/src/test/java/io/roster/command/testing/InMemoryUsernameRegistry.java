package io.roster.command.testing;

import io.roster.command.common.Refusal;
import io.roster.command.user.UsernameRegistry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link UsernameRegistry} in memory, with the semantics of {@code JdbcUsernameRegistry}: one holder per
 * username regardless of case (the key is the stripped, lower-cased username like the HMAC hasher's input),
 * idempotent for the holder. Unlike the JDBC one it is not transactional: a claim made by a command that
 * later fails stays behind.
 */
public class InMemoryUsernameRegistry implements UsernameRegistry {

    private final Map<String, String> holders = new LinkedHashMap<>();

    private static String key(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }

    /** Test setup: {@code userId} already holds {@code username}. */
    public InMemoryUsernameRegistry withClaim(String username, String userId) {
        holders.put(key(username), userId);
        return this;
    }

    @Override
    public void claim(String username, String userId) {
        String holder = holders.putIfAbsent(key(username), userId);
        if (holder != null && !holder.equals(userId)) {
            throw Refusal.conflict("duplicate-username",
                    "username " + username + " is already taken (usernames are unique regardless of case)",
                    "username");
        }
    }

    @Override
    public void releaseAllBut(String userId, String keptUsername) {
        String kept = keptUsername == null ? null : key(keptUsername);
        holders.entrySet().removeIf(entry -> entry.getValue().equals(userId) && !entry.getKey().equals(kept));
    }

    /** Who holds {@code username} (any case), if anyone. */
    public Optional<String> holderOf(String username) {
        return Optional.ofNullable(holders.get(key(username)));
    }

    /** All claims, lower-cased username to user id. */
    public Map<String, String> claims() {
        return Map.copyOf(holders);
    }
}
