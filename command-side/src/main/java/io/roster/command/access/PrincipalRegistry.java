package io.roster.command.access;

import io.roster.command.common.CommandLookups;
import io.roster.command.role.CustomRoles;
import io.roster.roles.RoleCatalogue;
import io.roster.events.apiclient.ApiClientCreated;
import io.roster.events.apiclient.ApiClientDeleted;
import io.roster.events.apiclient.ApiClientRoleAssigned;
import io.roster.events.apiclient.ApiClientRoleRevoked;
import io.roster.events.apiclient.ApiClientSecretRotated;
import io.roster.events.apiclient.ApiClientSignedOutEverywhere;
import io.roster.events.user.RoleAssigned;
import io.roster.events.user.RoleRevoked;
import io.roster.events.user.UserCreated;
import io.roster.events.user.UserDeactivated;
import io.roster.events.user.UserDeleted;
import io.roster.events.user.UserMovedToOrganization;
import io.roster.events.user.UserPasswordSet;
import io.roster.events.user.UserReactivated;
import io.roster.events.user.UserSignedOutEverywhere;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Who may call Roster right now: every person and API client with status, organization and roles, kept in the
 * command's own transaction. Every request is checked against it, so deactivation, deletion and role changes
 * take effect on the very next request, on every node.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
public class PrincipalRegistry {

    private static final String CONSOLE_LOGIN = "console.login";
    private static final String ADMIN = "admin";

    private final JdbcClient jdbc;
    private final CustomRoles customRoles;

    PrincipalRegistry(JdbcClient jdbc, CustomRoles customRoles) {
        this.jdbc = jdbc;
        this.customRoles = customRoles;
    }

    @EventHandler
    void on(UserCreated event) {
        insert(event.userId(), event.userType().name(), null, event.organizationId(), String.join(",", event.roles()));
    }

    @EventHandler
    void on(ApiClientCreated event) {
        insert(event.apiClientId(), "API_CLIENT", event.clientId(), event.organizationId(),
                String.join(",", event.roles()));
    }

    @EventHandler
    void on(RoleAssigned event) {
        addRole(event.userId(), event.roleId());
    }

    @EventHandler
    void on(ApiClientRoleAssigned event) {
        addRole(event.apiClientId(), event.roleId());
    }

    /**
     * Taking away a person's last role that lets them sign in to the console ({@code console.login}, or {@code admin},
     * which contains every permission) ends their sessions and cuts their tokens, as a changed password does: what
     * they signed in for is no longer theirs.
     */
    @EventHandler
    void on(RoleRevoked event, @Timestamp Instant at) {
        boolean consoleBefore = consoleCapable(event.userId());
        removeRole(event.userId(), event.roleId());
        if (consoleBefore && !consoleCapable(event.userId())) {
            credentialsChanged(event.userId(), at);
        }
    }

    @EventHandler
    void on(ApiClientRoleRevoked event) {
        removeRole(event.apiClientId(), event.roleId());
    }

    @EventHandler
    void on(UserMovedToOrganization event) {
        jdbc.sql("UPDATE security_principal SET organization_id = ? WHERE principal_id = ?")
                .params(event.toOrganizationId(), event.userId()).update();
    }

    /**
     * Deactivation also cuts the person's tokens and sessions for good: a token or session from before it would
     * otherwise work again after a reactivation.
     */
    @EventHandler
    void on(UserDeactivated event, @Timestamp Instant at) {
        setActive(event.userId(), false);
        credentialsChanged(event.userId(), at);
    }

    @EventHandler
    void on(UserReactivated event) {
        setActive(event.userId(), true);
    }

    /** Tokens issued before the rotation were obtained with the old secret: the request authentication refuses them. */
    @EventHandler
    void on(ApiClientSecretRotated event, @Timestamp Instant at) {
        credentialsChanged(event.apiClientId(), at);
    }

    /** A new password (activation or reset) cuts the person's earlier tokens, as a rotated secret does a client's. */
    @EventHandler
    void on(UserPasswordSet event, @Timestamp Instant at) {
        credentialsChanged(event.userId(), at);
    }

    /** An administrator's "sign out everywhere": as if the credentials had changed, without changing them. */
    @EventHandler
    void on(UserSignedOutEverywhere event, @Timestamp Instant at) {
        credentialsChanged(event.userId(), at);
    }

    @EventHandler
    void on(ApiClientSignedOutEverywhere event, @Timestamp Instant at) {
        credentialsChanged(event.apiClientId(), at);
    }

    /** A tombstone: which organization the person sat in decides who may still read their history. */
    @EventHandler
    void on(UserDeleted event) {
        jdbc.sql("UPDATE security_principal SET active = false, deleted = true, roles = '{}' WHERE principal_id = ?")
                .param(event.userId()).update();
    }

    @EventHandler
    void on(ApiClientDeleted event) {
        delete(event.apiClientId());
    }

    /** Whether the person exists and is not deleted. */
    public boolean personExists(String userId) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM security_principal
                                       WHERE principal_id = ? AND kind <> 'API_CLIENT' AND NOT deleted)""")
                .param(userId).query(Boolean.class).single();
    }

    /** Active people in the organization itself. */
    public long activePeopleIn(String organizationId) {
        return jdbc.sql("""
                        SELECT count(*) FROM security_principal
                        WHERE organization_id = ? AND active AND kind <> 'API_CLIENT'""")
                .param(organizationId).query(Long.class).single();
    }

    /** Active people holding a seat in any of the organizations, not counting {@code exceptUserId}. */
    public long seatsUsedIn(Collection<String> organizationIds, String exceptUserId) {
        return jdbc.sql("""
                        SELECT count(*) FROM security_principal WHERE active AND kind = 'USER' AND principal_id <> ?
                          AND organization_id = ANY(?)""")
                .params(exceptUserId, organizationIds.toArray(String[]::new)).query(Long.class).single();
    }

    /** Active people holding a seat anywhere, not counting {@code exceptUserId}. */
    public long seatsUsed(String exceptUserId) {
        return jdbc.sql("SELECT count(*) FROM security_principal WHERE active AND kind = 'USER' AND principal_id <> ?")
                .param(exceptUserId).query(Long.class).single();
    }

    /** Active people (and support users) holding the role. */
    public List<String> activePeopleHolding(String roleId) {
        return jdbc.sql("""
                        SELECT principal_id FROM security_principal
                        WHERE active AND kind IN ('USER', 'SUPPORT_USER') AND roles @> ARRAY[CAST(? AS text)]""")
                .param(roleId).query(String.class).list();
    }

    /** Principals holding the role, whether active or not (deleted people hold none). */
    public long holdersOf(String roleId) {
        return jdbc.sql("SELECT count(*) FROM security_principal WHERE roles @> ARRAY[CAST(? AS text)]").param(roleId)
                .query(Long.class).single();
    }

    /** The support users who may still sign in. */
    public List<String> activeSupportUsers() {
        return jdbc.sql("SELECT principal_id FROM security_principal WHERE kind = 'SUPPORT_USER' AND active")
                .query(String.class).list();
    }

    /** Whether any of the principal's roles, built-in or custom (as it is now), grants {@code console.login}. */
    private boolean consoleCapable(String principalId) {
        List<String> roles = jdbc.sql("SELECT roles FROM security_principal WHERE principal_id = ?").param(principalId)
                .query((rs, row) -> Arrays.asList((String[]) rs.getArray(1).getArray())).optional().orElse(List.of());
        RoleCatalogue catalogue = RoleCatalogue.builtIn();
        if (roles.stream().flatMap(role -> catalogue.find(role).stream())
                .anyMatch(role -> role.permissions().contains(CONSOLE_LOGIN) || role.permissions().contains(ADMIN))) {
            return true;
        }
        return customRoles.anyGrants(roles, CONSOLE_LOGIN, ADMIN);
    }

    private void insert(String principalId, String kind, String login, String organizationId, String roles) {
        jdbc.sql("""
                        INSERT INTO security_principal (principal_id, kind, login, organization_id, active, roles)
                        VALUES (?, ?, ?, ?, true, string_to_array(?, ','))
                        ON CONFLICT (principal_id) DO NOTHING""")
                .params(principalId, kind, login, organizationId, roles).update();
    }

    private void addRole(String principalId, String roleId) {
        jdbc.sql("""
                        UPDATE security_principal SET roles = array_append(roles, CAST(? AS text))
                        WHERE principal_id = ? AND NOT (roles @> ARRAY[CAST(? AS text)])""")
                .params(roleId, principalId, roleId).update();
    }

    private void removeRole(String principalId, String roleId) {
        jdbc.sql("UPDATE security_principal SET roles = array_remove(roles, CAST(? AS text)) WHERE principal_id = ?")
                .params(roleId, principalId).update();
    }

    private void setActive(String principalId, boolean active) {
        jdbc.sql("UPDATE security_principal SET active = ? WHERE principal_id = ?").params(active, principalId).update();
    }

    private void credentialsChanged(String principalId, Instant at) {
        jdbc.sql("UPDATE security_principal SET credentials_changed_at = ? WHERE principal_id = ?")
                .params(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), principalId).update();
    }

    private void delete(String principalId) {
        jdbc.sql("DELETE FROM security_principal WHERE principal_id = ?").param(principalId).update();
    }
}
