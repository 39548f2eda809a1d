package io.roster.app.scim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code attributes} / {@code excludedAttributes} (RFC 7644 §3.9): which attributes a response carries. */
final class ScimAttributes {

    /** Always returned (RFC 7643 §2.4 "returned: always"). */
    private static final Set<String> ALWAYS = Set.of("schemas", "id");

    private ScimAttributes() {
    }

    static Map<String, Object> select(Map<String, Object> resource, String attributes, String excluded) {
        if (attributes != null && !attributes.isBlank()) {
            Set<String> wanted = names(attributes);
            Map<String, Object> selected = new LinkedHashMap<>();
            resource.forEach((key, value) -> {
                String lower = key.toLowerCase(Locale.ROOT);
                if (ALWAYS.contains(key) || wanted.contains(lower)) {
                    selected.put(key, value);
                } else if (value instanceof Map<?, ?> complex) {
                    Map<String, Object> parts = new LinkedHashMap<>();
                    complex.forEach((sub, subValue) -> {
                        if (wanted.contains(lower + "." + sub.toString().toLowerCase(Locale.ROOT))) {
                            parts.put(sub.toString(), subValue);
                        }
                    });
                    if (!parts.isEmpty()) {
                        selected.put(key, parts);
                    }
                }
            });
            return selected;
        }
        if (excluded != null && !excluded.isBlank()) {
            Set<String> unwanted = names(excluded);
            Map<String, Object> selected = new LinkedHashMap<>(resource);
            selected.keySet().removeIf(key -> !ALWAYS.contains(key) && unwanted.contains(key.toLowerCase(Locale.ROOT)));
            return selected;
        }
        return resource;
    }

    /** Attribute names, lower case, with a core schema URN prefix removed. */
    private static Set<String> names(String list) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .map(name -> name.replaceFirst("(?i)^urn:ietf:params:scim:schemas:core:2\\.0:(User|Group):", ""))
                .map(name -> name.toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
    }

    static List<Map<String, Object>> selectAll(List<Map<String, Object>> resources, String attributes, String excluded) {
        return resources.stream().map(resource -> select(resource, attributes, excluded)).toList();
    }
}
