package io.roster.command.user;

import io.roster.command.common.Refusal;

import java.util.regex.Pattern;

/** Usernames are e-mail addresses (seed 000). Validated here, the one place every entry path goes through. */
public final class EmailAddresses {

    public static final int MAX_LENGTH = 254;
    private static final Pattern LOCAL = Pattern.compile("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$");
    private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$");

    private EmailAddresses() {
    }

    /** The address, trimmed, or a 400 naming {@code field}. Case is kept; uniqueness ignores it. */
    public static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw Refusal.invalid(field, "invalid-username", field + " must be an e-mail address");
        }
        String address = value.strip();
        if (!isValid(address)) {
            throw Refusal.invalid(field, "invalid-username",
                    field + " must be an e-mail address such as jane.doe@example.com");
        }
        return address;
    }

    static boolean isValid(String address) {
        if (address.length() > MAX_LENGTH) {
            return false;
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at != address.indexOf('@') || at == address.length() - 1) {
            return false;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > 64 || !LOCAL.matcher(local).matches()) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return labels[labels.length - 1].chars().allMatch(Character::isLetter);
    }
}
