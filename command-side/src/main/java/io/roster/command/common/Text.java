package io.roster.command.common;

/** Validation of free text that goes into events: trimmed, bounded, no control characters. */
public final class Text {

    private Text() {
    }

    public static String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw Refusal.invalid(field, "invalid-field", field + " must not be blank");
        }
        return bounded(field, value, maxLength);
    }

    public static String optional(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return bounded(field, value, maxLength);
    }

    private static String bounded(String field, String value, int maxLength) {
        String trimmed = value.strip();
        if (trimmed.length() > maxLength) {
            throw Refusal.invalid(field, "invalid-field", field + " must be at most " + maxLength + " characters");
        }
        if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
            throw Refusal.invalid(field, "invalid-field", field + " must not contain control characters");
        }
        return trimmed;
    }
}
