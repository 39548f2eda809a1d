package io.roster.command.user;

/**
 * Environment-wide uniqueness of usernames, case-insensitively. Claims are written in the command's
 * transaction, so a refused or failed command leaves no claim behind and two racing commands cannot both win.
 */
public interface UsernameRegistry {

    /** Claims {@code username} for {@code userId}; a 409 when another user holds it. Idempotent for the holder. */
    void claim(String username, String userId);

    /** Releases every claim of {@code userId} except the one for {@code keptUsername} (null releases all). */
    void releaseAllBut(String userId, String keptUsername);
}
