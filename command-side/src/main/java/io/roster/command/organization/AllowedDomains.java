package io.roster.command.organization;

import io.roster.command.common.Refusal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The rule "usernames belong to the company's domains" (seed 000), shared by REST, CSV import and SCIM. */
public final class AllowedDomains {

    static final int MAX_DOMAINS = 100;
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63}");

    private AllowedDomains() {
    }

    /** Lower case, without a leading {@code @}, sorted and without duplicates; refuses anything not a domain. */
    public static List<String> normalize(List<String> domains) {
        if (domains == null) {
            throw Refusal.invalid("domains", "invalid-field", "domains is required (an empty list allows any domain)");
        }
        if (domains.size() > MAX_DOMAINS) {
            throw Refusal.invalid("domains", "invalid-field", "at most " + MAX_DOMAINS + " domains");
        }
        TreeSet<String> normalized = new TreeSet<>();
        for (int i = 0; i < domains.size(); i++) {
            String raw = domains.get(i);
            String domain = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (domain.startsWith("@")) {
                domain = domain.substring(1);
            }
            if (!DOMAIN.matcher(domain).matches()) {
                throw Refusal.invalid("domains[" + i + "]", "invalid-field",
                        "'" + raw + "' is not a domain name such as example.com");
            }
            normalized.add(domain);
        }
        return new ArrayList<>(normalized);
    }

    /** Refuses {@code username} when domains are set and its domain is not one of them (exactly; no subdomains). */
    public static void require(String field, String username, List<String> allowed) {
        if (allowed.isEmpty()) {
            return;
        }
        String domain = username.substring(username.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (!allowed.contains(domain)) {
            throw Refusal.unprocessable(field, "domain-not-allowed", "username " + username
                    + " is outside the allowed domains (" + String.join(", ", allowed) + ")");
        }
    }
}
