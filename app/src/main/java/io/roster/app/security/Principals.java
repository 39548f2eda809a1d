package io.roster.app.security;

import io.roster.command.organization.OrganizationTree;
import io.roster.events.ActorType;
import io.roster.roles.RoleCatalogue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.roster.roles.RoleScope;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.Optional;

/** Reads the caller behind a token as it is right now: active, organization, roles (one indexed row). */
@Component
class Principals {

    private final JdbcClient jdbc;

    Principals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Row(ActorType type, String login, String organizationId, List<String> roles) {
    }

    Optional<Caller> activeCaller(String principalId) {
        return activeCaller(principalId, null, null);
    }

    Optional<Caller> activeCaller(String principalId, Instant tokenIssuedAt) {
        return activeCaller(principalId, tokenIssuedAt, null);
    }

    /**
     * The caller behind a token issued at {@code tokenIssuedAt} (null: not a token): none if the principal's secret
     * or password changed since, as the token was obtained with credentials that no longer hold; none either if the
     * token's id ({@code tokenId}, null: none) was revoked.
     */
    Optional<Caller> activeCaller(String principalId, Instant tokenIssuedAt, String tokenId) {
        // a Code42 support user may act only while Support Access is enabled (seed 003)
        return jdbc.sql("""
                        SELECT kind, login, organization_id, roles FROM security_principal
                        WHERE principal_id = ? AND active
                          AND (kind <> 'SUPPORT_USER' OR (SELECT support_access FROM org_registry WHERE root))
                          AND (CAST(? AS timestamptz) IS NULL OR credentials_changed_at IS NULL
                               OR credentials_changed_at <= ?)
                          AND NOT EXISTS (SELECT 1 FROM revoked_access_token WHERE token_id = ?)""")
                .params(principalId, utc(tokenIssuedAt), utc(tokenIssuedAt), tokenId)
                .query((rs, row) -> new Row(ActorType.valueOf(rs.getString("kind")), rs.getString("login"),
                        rs.getString("organization_id"), Arrays.asList((String[]) rs.getArray("roles").getArray())))
                .optional()
                .map(row -> Caller.of(principalId, row.type(), row.login(), row.organizationId(), row.roles(),
                        resolver(row.roles())));
    }

    /** A principal as it is now, whether or not it is active: what containment compares a caller with. */
    record Held(String principalId, ActorType type, String organizationId, List<String> roles) {
    }

    Optional<Held> principal(String principalId) {
        return jdbc.sql("SELECT kind, organization_id, roles FROM security_principal"
                        + " WHERE principal_id = ? AND NOT deleted")
                .param(principalId)
                .query((rs, row) -> new Held(principalId, ActorType.valueOf(rs.getString("kind")),
                        rs.getString("organization_id"), Arrays.asList((String[]) rs.getArray("roles").getArray())))
                .optional();
    }

    /** Every permission {@code roles} grant, each with the widest scope any of them gives it. */
    Map<String, RoleScope> grantsOf(List<String> roles) {
        return Caller.of(null, null, null, null, roles, resolver(roles)).grants();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    /** Built-in roles from the catalogue; the caller's custom roles as they are now, in one query. */
    private Function<String, Optional<Caller.ScopedRole>> resolver(List<String> roles) {
        RoleCatalogue catalogue = RoleCatalogue.builtIn();
        String[] custom = roles.stream().filter(role -> !catalogue.exists(role)).toArray(String[]::new);
        Map<String, Caller.ScopedRole> customRoles = custom.length == 0 ? Map.of()
                : jdbc.sql("SELECT role_id, scope, permissions FROM custom_role WHERE role_id = ANY(?)")
                .param(custom)
                .query((rs, row) -> Map.entry(rs.getString(1), new Caller.ScopedRole(RoleScope.valueOf(rs.getString(2)),
                        Arrays.asList((String[]) rs.getArray(3).getArray()))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return roleId -> catalogue.find(roleId).map(Caller.ScopedRole::of)
                .or(() -> Optional.ofNullable(customRoles.get(roleId)));
    }

    /** Whether {@code candidate} is {@code ancestor} or one of its descendants in the organization tree. */
    boolean withinSubtree(String candidate, String ancestor) {
        return jdbc.sql(OrganizationTree.WITHIN_SUBTREE).params(candidate, ancestor).query(Boolean.class).single();
    }

    /** The user's organization; for a deleted user, the one they sat in when deleted (their tombstone). */
    Optional<String> organizationOfUser(String userId) {
        return jdbc.sql("SELECT organization_id FROM security_principal WHERE principal_id = ? AND kind <> 'API_CLIENT'")
                .param(userId).query(String.class).optional();
    }
}
