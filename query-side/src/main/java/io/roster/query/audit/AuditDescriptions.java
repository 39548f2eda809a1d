package io.roster.query.audit;

import io.roster.events.apiclient.ApiClientCreated;
import io.roster.events.apiclient.ApiClientDeleted;
import io.roster.events.apiclient.ApiClientRoleAssigned;
import io.roster.events.apiclient.ApiClientRoleRevoked;
import io.roster.events.apiclient.ApiClientSecretRotated;
import io.roster.events.apiclient.ApiClientSignedOutEverywhere;
import io.roster.events.organization.AllowedDomainsSet;
import io.roster.events.organization.OrganizationCreated;
import io.roster.events.organization.OrganizationDeactivated;
import io.roster.events.organization.OrganizationMoved;
import io.roster.events.organization.OrganizationReactivated;
import io.roster.events.organization.OrganizationRenamed;
import io.roster.events.organization.SupportAccessToggled;
import io.roster.events.role.CustomRoleCreated;
import io.roster.events.role.CustomRoleDeleted;
import io.roster.events.role.CustomRoleUpdated;
import io.roster.events.user.RoleAssigned;
import io.roster.events.user.RoleRevoked;
import io.roster.events.user.UserCreated;
import io.roster.events.user.UserDeactivated;
import io.roster.events.user.UserDeleted;
import io.roster.events.user.UserExternalIdChanged;
import io.roster.events.user.UserEvent;
import io.roster.events.user.UserInvited;
import io.roster.events.user.UserMovedToOrganization;
import io.roster.events.user.UserPasswordResetRequested;
import io.roster.events.user.UserSignedOutEverywhere;
import io.roster.events.user.UserPasswordSet;
import io.roster.events.user.UserProfileUpdated;
import io.roster.events.user.UserReactivated;
import io.roster.events.user.UserUsernameChanged;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Turns each event into its audit description. Personal data (names, usernames, reasons) is never copied. */
final class AuditDescriptions {

    private AuditDescriptions() {
    }

    static final String USER = "USER";
    static final String ORGANIZATION = "ORGANIZATION";
    static final String API_CLIENT = "API_CLIENT";
    static final String ROLE = "ROLE";
    static final String SETTING = "SETTING";

    /** {@code organizationOfUser} answers for user events that do not carry the organization themselves. */
    static AuditEntryDescription describe(Object event, Function<String, String> organizationOfUser) {
        if (event instanceof UserEvent userEvent) {
            return describeUser(userEvent, organizationOfUser);
        }
        if (event instanceof OrganizationCreated e) {
            return organization(e.organizationId(), e.root() ? e.organizationId() : e.parentId(),
                    "Organization created: " + e.name(), changes("name", e.name(), "parentId", e.parentId()));
        }
        if (event instanceof OrganizationRenamed e) {
            return organization(e.organizationId(), e.organizationId(), "Organization renamed to " + e.name(),
                    changes("name", Map.of("to", e.name())));
        }
        if (event instanceof OrganizationMoved e) {
            return organization(e.organizationId(), e.toParentId(), "Organization moved to another parent",
                    changes("parentId", fromTo(e.fromParentId(), e.toParentId())));
        }
        if (event instanceof OrganizationDeactivated e) {
            return organization(e.organizationId(), e.organizationId(), "Organization deactivated",
                    changes("status", fromTo("ACTIVE", "DEACTIVATED")));
        }
        if (event instanceof OrganizationReactivated e) {
            return organization(e.organizationId(), e.organizationId(), "Organization reactivated",
                    changes("status", fromTo("DEACTIVATED", "ACTIVE")));
        }
        if (event instanceof SupportAccessToggled e) {
            return new AuditEntryDescription("Support Access " + (e.enabled() ? "enabled" : "disabled"), SETTING,
                    "support-access", e.organizationId(), changes("supportAccess", fromTo(!e.enabled(), e.enabled())));
        }
        if (event instanceof AllowedDomainsSet e) {
            return new AuditEntryDescription(e.domains().isEmpty() ? "Allowed username domains cleared (any domain)"
                    : "Allowed username domains set: " + String.join(", ", e.domains()), SETTING, "allowed-domains",
                    e.organizationId(), changes("allowedDomains", Map.of("to", e.domains())));
        }
        if (event instanceof ApiClientCreated e) {
            return new AuditEntryDescription("API client created: " + e.name() + " (" + e.clientId() + ")", API_CLIENT,
                    e.apiClientId(), e.organizationId(), changes("clientId", e.clientId(), "roles", e.roles()));
        }
        if (event instanceof ApiClientRoleAssigned e) {
            return new AuditEntryDescription("Role " + e.roleId() + " assigned to an API client", API_CLIENT,
                    e.apiClientId(), null, changes("roles", Map.of("added", e.roleId())));
        }
        if (event instanceof ApiClientRoleRevoked e) {
            return new AuditEntryDescription("Role " + e.roleId() + " revoked from an API client", API_CLIENT,
                    e.apiClientId(), null, changes("roles", Map.of("removed", e.roleId())));
        }
        if (event instanceof ApiClientSecretRotated e) {
            return new AuditEntryDescription("API client secret rotated", API_CLIENT, e.apiClientId(), null, null);
        }
        if (event instanceof ApiClientSignedOutEverywhere e) {
            return new AuditEntryDescription("API client signed out everywhere (tokens cut)", API_CLIENT,
                    e.apiClientId(), null, null);
        }
        if (event instanceof ApiClientDeleted e) {
            return new AuditEntryDescription("API client deleted", API_CLIENT, e.apiClientId(), null,
                    changes("status", fromTo("ACTIVE", "DELETED")));
        }
        if (event instanceof CustomRoleCreated e) {
            return new AuditEntryDescription("Custom role created: " + e.name() + " (based on " + e.basedOn() + ")", ROLE,
                    e.roleId(), null, changes("permissions", e.permissions(), "scope", e.scope().name()));
        }
        if (event instanceof CustomRoleUpdated e) {
            return new AuditEntryDescription("Custom role changed: " + e.name(), ROLE, e.roleId(), null,
                    changes("name", Map.of("to", e.name()), "permissions", Map.of("to", e.permissions())));
        }
        if (event instanceof CustomRoleDeleted e) {
            return new AuditEntryDescription("Custom role deleted", ROLE, e.roleId(), null, null);
        }
        return new AuditEntryDescription(event.getClass().getSimpleName(), null, null, null, null);
    }

    private static AuditEntryDescription describeUser(UserEvent event, Function<String, String> organizationOfUser) {
        String id = event.userId();
        if (event instanceof UserCreated e) {
            return user(id, e.organizationId(), "User created (" + e.userType() + ")",
                    changes("userType", e.userType().name(), "roles", e.roles(), "organizationId", e.organizationId(),
                            "status", fromTo(null, "ACTIVE")));
        }
        if (event instanceof RoleAssigned e) {
            return user(id, e.organizationId(), "Role " + e.roleId() + " assigned", changes("roles", Map.of("added", e.roleId())));
        }
        if (event instanceof RoleRevoked e) {
            return user(id, e.organizationId(), "Role " + e.roleId() + " revoked", changes("roles", Map.of("removed", e.roleId())));
        }
        if (event instanceof UserMovedToOrganization e) {
            return user(id, e.toOrganizationId(), "User moved to another organization",
                    changes("organizationId", fromTo(e.fromOrganizationId(), e.toOrganizationId())));
        }
        if (event instanceof UserDeactivated e) {
            return user(id, e.organizationId(), "User deactivated", changes("status", fromTo("ACTIVE", "DEACTIVATED")));
        }
        if (event instanceof UserReactivated e) {
            return user(id, e.organizationId(), "User reactivated", changes("status", fromTo("DEACTIVATED", "ACTIVE")));
        }
        if (event instanceof UserDeleted e) {
            return user(id, e.organizationId(), "User deleted; personal data erased",
                    changes("status", fromTo("DEACTIVATED", "DELETED")));
        }
        String organization = organizationOfUser.apply(id);
        if (event instanceof UserProfileUpdated) {
            return user(id, organization, "Names changed", changes("names", "changed"));
        }
        if (event instanceof UserUsernameChanged) {
            return user(id, organization, "Username changed", changes("username", "changed"));
        }
        if (event instanceof UserInvited) {
            return user(id, organization, "Invitation e-mail sent", null);
        }
        if (event instanceof UserSignedOutEverywhere) {
            return user(id, organization, "Signed out everywhere (sessions ended, tokens cut)", null);
        }
        if (event instanceof UserPasswordResetRequested) {
            return user(id, organization, "Password reset link sent", null);
        }
        if (event instanceof UserExternalIdChanged e) {
            return user(id, organization, e.externalId() == null ? "External id removed" : "External id set",
                    // like names: the value is personal data, which the audit log never keeps
                    changes("externalId", e.externalId() == null ? "removed" : "set"));
        }
        if (event instanceof UserPasswordSet) {
            return user(id, organization, "Password set through a one-time link", null);
        }
        return user(id, organization, event.getClass().getSimpleName(), null);
    }

    private static AuditEntryDescription user(String id, String organizationId, String summary, Map<String, Object> changes) {
        return new AuditEntryDescription(summary, USER, id, organizationId, changes);
    }

    private static AuditEntryDescription organization(String id, String organizationId, String summary,
                                                      Map<String, Object> changes) {
        return new AuditEntryDescription(summary, ORGANIZATION, id, organizationId, changes);
    }

    private static Map<String, Object> fromTo(Object from, Object to) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("from", from);
        change.put("to", to);
        return change;
    }

    private static Map<String, Object> changes(Object... keysAndValues) {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            changes.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return changes;
    }
}
