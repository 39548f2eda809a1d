package io.roster.command.webhook;

import io.roster.command.common.Refusal;

import java.util.List;
import java.util.Set;

/** The event types subscribers may ask for; filters may use {@code *} or a prefix such as {@code user.*}. */
public final class WebhookEventTypes {

    public static final List<String> ALL = List.of("user.created", "user.updated", "user.role_assigned",
            "user.role_revoked", "user.moved", "user.deactivated", "user.reactivated", "user.deleted",
            "organization.created", "organization.updated", "organization.deactivated", "organization.reactivated",
            "support_access.toggled", "role.created", "role.updated", "role.deleted");
    public static final String TEST = "webhook.test";
    private static final Set<String> PREFIXES = Set.of("user.*", "organization.*", "support_access.*", "role.*", "*");

    private WebhookEventTypes() {
    }

    public static List<String> validate(List<String> filters) {
        if (filters == null || filters.isEmpty()) {
            throw Refusal.invalid("eventTypes", "invalid-field", "eventTypes must name at least one event type, or *");
        }
        for (String filter : filters) {
            if (!ALL.contains(filter) && !PREFIXES.contains(filter)) {
                throw Refusal.invalid("eventTypes", "invalid-field", "unknown event type " + filter
                        + " (see GET /api/v1/webhooks/event-types)");
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(filters));
    }

    public static boolean matches(List<String> filters, String type) {
        for (String filter : filters) {
            if (filter.equals("*") || filter.equals(type)
                    || filter.endsWith(".*") && type.startsWith(filter.substring(0, filter.length() - 1))) {
                return true;
            }
        }
        return TEST.equals(type);
    }
}
