package io.roster.query.audit;

import java.util.Map;

/**
 * What an event means in the audit log: a readable summary without personal data, the target it acted on, and
 * the before/after values it carries.
 */
record AuditEntryDescription(String summary, String targetType, String targetId, String targetOrganizationId,
                             Map<String, Object> changes) {
}
