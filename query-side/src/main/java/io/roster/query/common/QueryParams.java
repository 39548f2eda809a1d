package io.roster.query.common;

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
