package io.roster.command.access;

import io.roster.command.common.Refusal;
import io.roster.roles.RoleCatalogue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

@Component
class JdbcAdminGuard implements AdminGuard {

    /** Serializes removals of admins, so two admins removing each other cannot both succeed. */
    private static final long ADMIN_LOCK = 0x526f737465724164L;

    private final JdbcClient jdbc;

    JdbcAdminGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void requireAnotherActiveAdmin(String principalId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(ADMIN_LOCK).query().singleRow();
        long others = jdbc.sql("""
                        SELECT count(*) FROM security_principal
                        WHERE active AND roles @> ARRAY[CAST(? AS text)] AND principal_id <> ?""")
                .params(RoleCatalogue.CUSTOMER_CLOUD_ADMIN, principalId).query(Long.class).single();
        if (others == 0) {
            throw Refusal.conflict("last-admin", principalId + " is the last active Customer Cloud Admin: "
                    + "give the role to another active person or API client first");
        }
    }
}
