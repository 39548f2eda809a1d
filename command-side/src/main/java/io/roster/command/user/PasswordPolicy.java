package io.roster.command.user;

import com.nulabinc.zxcvbn.StandardDictionaries;
import io.roster.command.common.Refusal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/**
 * Passwords people choose: at least 12 characters and at most 72 bytes in UTF-8, not made of one or two repeated
 * characters, not one of the 30,000 most common passwords (alone or with digits or symbols appended), and not
 * containing their own username or names (NIST SP 800-63B style: length and a blocklist over composition rules).
 * Characters are Unicode code points: an emoji counts once, as a person typing it would count it.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    /**
     * bcrypt reads only the first 72 bytes, and Spring Security's encoder refuses longer input rather than ignore the
     * rest; we refuse it too, as the person's mistake to correct, instead of hashing a prefix of what they typed.
     */
    public static final int MAX_BYTES = 72;

    private PasswordPolicy() {
    }

    public static void check(String password, String username, String firstName, String lastName) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw weak("the password must have at least " + MIN_LENGTH + " characters");
        }
        if (utf8Length(password) > MAX_BYTES) {
            throw weak("the password must have at most " + MAX_BYTES + " bytes in UTF-8 (" + MAX_BYTES
                    + " letters or digits of the Latin alphabet, fewer accented letters, other scripts or emoji)");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (lower.codePoints().distinct().count() <= 2 || CommonPasswords.refuse(lower)) {
            throw weak("the password is too easy to guess");
        }
        String localPart = username == null ? null : username.substring(0, Math.max(0, username.indexOf('@')));
        for (String personal : new String[] {localPart, firstName, lastName}) {
            if (personal != null && personal.codePointCount(0, personal.length()) >= 3
                    && lower.contains(personal.toLowerCase(Locale.ROOT))) {
                throw weak("the password must not contain your username or name");
            }
        }
    }

    /** Counted rather than encoded: a pasted megabyte costs no copy before it is refused. */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            i += Character.charCount(codePoint);
        }
        return bytes;
    }

    private static Refusal weak(String detail) {
        return Refusal.invalid("password", "weak-password", detail);
    }

    /**
     * The frequency list zxcvbn ships (the most common passwords of public breaches, lower case), loaded once on
     * first use: about 30,000 short strings, a couple of megabytes.
     */
    private static final class CommonPasswords {

        private static final Set<String> LIST = load();

        private static Set<String> load() {
            try {
                return Set.copyOf(StandardDictionaries.PASSWORDS_LOADER.load().getFrequencies());
            } catch (IOException e) {
                throw new UncheckedIOException("zxcvbn's password list is missing from the class path", e);
            }
        }

        /**
         * Guessers try every listed password with digits, a year or a "!" after it, so "sunshine2019!" is as weak as
         * "sunshine" and is refused with it.
         */
        static boolean refuse(String lower) {
            if (LIST.contains(lower)) {
                return true;
            }
            int end = lower.length();
            while (end > 0 && isAppendedNoise(lower.charAt(end - 1))) {
                end--;
            }
            return end > 0 && end < lower.length() && LIST.contains(lower.substring(0, end));
        }

        private static boolean isAppendedNoise(char c) {
            return (c >= '0' && c <= '9') || "!?.,#$%&*@_-+= ".indexOf(c) >= 0;
        }
    }
}
