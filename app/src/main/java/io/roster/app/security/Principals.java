package io.roster.app.security;

import io.roster.events.ActorType;
import io.roster.roles.RoleCatalogue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Optional;

/** Reads the caller behind a token as it is right now: active, organization, roles (one indexed row). */
@Component
class Principals {

    private final JdbcClient jdbc;

    Principals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Caller> activeCaller(String principalId) {
        return jdbc.sql("SELECT kind, login, organization_id, roles FROM security_principal WHERE principal_id = ? AND active")
                .param(principalId)
                .query((rs, row) -> Caller.of(principalId, ActorType.valueOf(rs.getString("kind")), rs.getString("login"),
                        rs.getString("organization_id"), Arrays.asList((String[]) rs.getArray("roles").getArray()),
                        RoleCatalogue.builtIn()))
                .optional();
    }

    /** Whether {@code candidate} is {@code ancestor} or one of its descendants in the organization tree. */
    boolean withinSubtree(String candidate, String ancestor) {
        return jdbc.sql("""
                        WITH RECURSIVE subtree(organization_id) AS (
                            SELECT CAST(? AS varchar)
                            UNION
                            SELECT o.organization_id FROM org_registry o JOIN subtree s ON o.parent_id = s.organization_id
                        )
                        SELECT EXISTS (SELECT 1 FROM subtree WHERE organization_id = ?)""")
                .params(ancestor, candidate).query(Boolean.class).single();
    }

    Optional<String> organizationOfUser(String userId) {
        return jdbc.sql("SELECT organization_id FROM user_registry WHERE user_id = ?").param(userId)
                .query(String.class).optional();
    }
}
