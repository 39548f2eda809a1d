package io.roster.app.scim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SCIM filters identity providers send to find users and groups: {@code attribute eq value}, joined by
 * {@code and} (Okta: {@code userName eq "a@b.com"}; Entra ID: {@code externalId eq "…"}, {@code active eq false};
 * groups: {@code displayName eq "…"}). Attribute names are case-insensitive and may carry the core schema's URN
 * (RFC 7644 §3.4.2.2); values are JSON literals: strings with escapes, true, false, null, numbers.
 *
 * <p>A single left-to-right pass over the characters, so the work is linear in the length and the stack depth
 * constant whatever the caller sends; filters longer than {@link #MAX_LENGTH} are refused before any parsing.
 */
record ScimFilter(List<Comparison> comparisons) {

    record Comparison(String attribute, Object value) {
    }

    /** Far above any filter an identity provider sends (a userName is at most a few hundred characters). */
    static final int MAX_LENGTH = 4096;
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    static ScimFilter parse(String filter, List<String> supported) {
        return parse(filter, supported, USER_SCHEMA);
    }

    /** {@code schema}: the URN a fully qualified attribute name of this resource type starts with. */
    static ScimFilter parse(String filter, List<String> supported, String schema) {
        if (filter == null || filter.isBlank()) {
            return new ScimFilter(List.of());
        }
        if (filter.length() > MAX_LENGTH) {
            throw ScimException.invalidFilter("the filter has " + filter.length() + " characters; at most " + MAX_LENGTH
                    + " are accepted");
        }
        return new Parser(filter, supported, schema).filter();
    }

    /** Recursive descent over: filter = comparison *( SP "and" SP comparison ); comparison = attr SP "eq" SP value. */
    private static final class Parser {
        private final String text;
        private final List<String> supported;
        private final String schemaPrefix;
        private int at;

        Parser(String text, List<String> supported, String schema) {
            this.text = text;
            this.supported = supported;
            this.schemaPrefix = schema + ":";
        }

        ScimFilter filter() {
            List<Comparison> comparisons = new ArrayList<>();
            skipSpaces();
            comparisons.add(comparison());
            while (skipSpaces() && at < text.length()) {
                String word = word();
                if (!word.equalsIgnoreCase("and")) {
                    throw unsupported("expected 'and' or the end of the filter, found '" + shortened(word) + "'");
                }
                if (!skipSpaces()) {
                    throw unsupported("expected a space after 'and'");
                }
                comparisons.add(comparison());
            }
            return new ScimFilter(comparisons);
        }

        private Comparison comparison() {
            String attribute = attribute();
            if (!skipSpaces()) {
                throw unsupported("expected a space after the attribute '" + shortened(attribute) + "'");
            }
            String operator = word();
            if (!operator.equalsIgnoreCase("eq")) {
                throw unsupported("the only operator supported is 'eq', not '" + shortened(operator) + "'");
            }
            if (!skipSpaces()) {
                throw unsupported("expected a space after 'eq'");
            }
            Object value = value();
            if (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
                throw unsupported("unexpected '" + text.charAt(at) + "' after the value at position " + at);
            }
            return new Comparison(attribute, value);
        }

        private String attribute() {
            int start = at;
            if (at >= text.length() || !isAsciiLetter(text.charAt(at))) {
                throw unsupported("expected an attribute name at position " + at);
            }
            while (at < text.length() && isNameCharacter(text.charAt(at))) {
                at++;
            }
            String given = text.substring(start, at);
            String local = given.regionMatches(true, 0, schemaPrefix, 0, schemaPrefix.length())
                    ? given.substring(schemaPrefix.length()) : given;
            return supported.stream().filter(name -> name.equalsIgnoreCase(local)).findFirst()
                    .orElseThrow(() -> ScimException.invalidFilter("cannot filter on '" + shortened(given)
                            + "'; supported: " + String.join(", ", supported)));
        }

        private Object value() {
            if (at >= text.length()) {
                throw unsupported("expected a value after 'eq'");
            }
            char first = text.charAt(at);
            if (first == '"') {
                return string();
            }
            if (first == '-' || (first >= '0' && first <= '9')) {
                return number();
            }
            String word = word();
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> throw unsupported("expected a quoted string, true, false, null or a number, found '"
                        + shortened(word) + "'");
            };
        }

        /** A JSON string (RFC 8259 §7): escapes \" \\ \/ \b \f \n \r \t and \\uXXXX. */
        private String string() {
            StringBuilder value = new StringBuilder();
            at++; // the opening quote
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    break;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case '"', '\\', '/' -> value.append(escaped);
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw unsupported("\\u needs four hexadecimal digits");
                        }
                        try {
                            value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        } catch (NumberFormatException e) {
                            throw unsupported("\\u needs four hexadecimal digits");
                        }
                        at += 4;
                    }
                    default -> throw unsupported("unknown escape \\" + escaped + " in a string");
                }
            }
            throw unsupported("a string is not closed by a double quote");
        }

        /** A JSON number: whole numbers as Long, others as BigDecimal. */
        private Object number() {
            int start = at;
            while (at < text.length() && "+-.eE0123456789".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            String literal = text.substring(start, at);
            if (!literal.matches("-?(0|[1-9][0-9]{0,30})(\\.[0-9]{1,30})?([eE][+-]?[0-9]{1,3})?")) {
                throw unsupported("'" + shortened(literal) + "' is not a number");
            }
            BigDecimal number = new BigDecimal(literal);
            try {
                return literal.matches("-?[0-9]+") ? number.longValueExact() : number;
            } catch (ArithmeticException e) {
                throw unsupported(literal + " is out of range");
            }
        }

        private String word() {
            int start = at;
            while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return text.substring(start, at);
        }

        /** Skips whitespace; true when there was some. */
        private boolean skipSpaces() {
            int start = at;
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return at > start;
        }

        private ScimException unsupported(String reason) {
            return ScimException.invalidFilter("unsupported filter: " + reason + "; use attribute eq value, joined by"
                    + " 'and', on " + String.join(", ", supported));
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }

        private static boolean isNameCharacter(char c) {
            return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '.' || c == ':' || c == '$' || c == '_' || c == '-';
        }

        private static String shortened(String text) {
            return text.length() > 40 ? text.substring(0, 40) + "…" : text;
        }
    }
}
