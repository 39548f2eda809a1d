package io.roster.query.common;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/** Parsing of optional query parameters into values, with a 400 problem naming the parameter. */
public final class QueryParams {

    private QueryParams() {
    }

    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** {@code value} as a literal inside a LIKE pattern (backslash is the escape character). */
    public static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** An ISO-8601 instant, or null when the parameter is absent or blank. */
    public static Instant instant(String field, String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw badInstant(field);
        }
    }

    public static Instant requiredInstant(String field, String value) {
        Instant instant = instant(field, value);
        if (instant == null) {
            throw badInstant(field);
        }
        return instant;
    }

    private static RuntimeException badInstant(String field) {
        return Problems.badParameter(field, field + " must be an ISO-8601 instant such as 2026-11-23T10:15:30Z");
    }

    public static <E extends Enum<E>> E enumValue(String field, String value, Class<E> type) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.badParameter(field, field + " must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
