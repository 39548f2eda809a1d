package io.roster.app.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SCIM filters identity providers send to find users and groups: {@code attribute eq value}, joined by
 * {@code and} (Okta: {@code userName eq "a@b.com"}; Entra ID: {@code externalId eq "…"}, {@code active eq false};
 * groups: {@code displayName eq "…"}). Attribute names are case-insensitive (RFC 7644 §3.4.2.2).
 */
record ScimFilter(List<Comparison> comparisons) {

    record Comparison(String attribute, Object value) {
    }

    private static final Pattern COMPARISON = Pattern.compile(
            "\\s*([A-Za-z][A-Za-z0-9.:$_-]*)\\s+(eq)\\s+(\"((?:[^\"\\\\]|\\\\.)*)\"|true|false|null|-?\\d+)\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AND = Pattern.compile("\\s+and\\s+", Pattern.CASE_INSENSITIVE);

    static ScimFilter parse(String filter, List<String> supported) {
        if (filter == null || filter.isBlank()) {
            return new ScimFilter(List.of());
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (String part : splitOutsideQuotes(filter)) {
            Matcher matcher = COMPARISON.matcher(part);
            if (!matcher.matches()) {
                throw ScimException.invalidFilter("unsupported filter '" + filter + "': use attribute eq value, joined by"
                        + " 'and', on " + String.join(", ", supported));
            }
            String attribute = matcher.group(1);
            String canonical = supported.stream().filter(name -> name.equalsIgnoreCase(attribute)
                            || ("urn:ietf:params:scim:schemas:core:2.0:User:" + name).equalsIgnoreCase(attribute))
                    .findFirst()
                    .orElseThrow(() -> ScimException.invalidFilter("cannot filter on '" + attribute + "'; supported: "
                            + String.join(", ", supported)));
            String literal = matcher.group(3);
            Object value = matcher.group(4) != null ? matcher.group(4).replace("\\\"", "\"").replace("\\\\", "\\")
                    : literal.equalsIgnoreCase("null") ? null
                    : literal.equalsIgnoreCase("true") || literal.equalsIgnoreCase("false")
                    ? Boolean.valueOf(literal.toLowerCase(Locale.ROOT)) : Long.valueOf(literal);
            comparisons.add(new Comparison(canonical, value));
        }
        return new ScimFilter(comparisons);
    }

    private static List<String> splitOutsideQuotes(String filter) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '"' && (i == 0 || filter.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            current.append(c);
            if (!quoted) {
                Matcher and = AND.matcher(current);
                if (and.find() && and.end() == current.length()) {
                    parts.add(current.substring(0, and.start()));
                    current.setLength(0);
                }
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
