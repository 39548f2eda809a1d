package io.roster.command.user;

import io.roster.command.common.Refusal;

import java.util.Locale;
import java.util.Set;

/**
 * Passwords people choose: 12 to 128 characters, not made of one repeated character, not a well-known password,
 * and not containing their own username or names (NIST SP 800-63B style: length over composition rules).
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;
    private static final Set<String> COMMON = Set.of("password1234", "123456789012", "qwertyuiopas", "passwordpassword",
            "iloveyou1234", "letmein12345", "welcome12345", "changeme1234", "administrator", "000000000000");

    private PasswordPolicy() {
    }

    public static void check(String password, String username, String firstName, String lastName) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw weak("the password must have at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw weak("the password must have at most " + MAX_LENGTH + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (lower.chars().distinct().count() <= 2 || COMMON.contains(lower)) {
            throw weak("the password is too easy to guess");
        }
        String localPart = username == null ? null : username.substring(0, Math.max(0, username.indexOf('@')));
        for (String personal : new String[] {localPart, firstName, lastName}) {
            if (personal != null && personal.length() >= 3 && lower.contains(personal.toLowerCase(Locale.ROOT))) {
                throw weak("the password must not contain your username or name");
            }
        }
    }

    private static Refusal weak(String detail) {
        return Refusal.invalid("password", "weak-password", detail);
    }
}
