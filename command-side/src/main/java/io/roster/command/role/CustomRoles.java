package io.roster.command.role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;

/** The custom roles as other packages ask about them, in the asking command's transaction. */
@Component
public class CustomRoles {

    private final JdbcClient jdbc;

    CustomRoles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the custom role exists; if so it stays locked against deletion until this transaction ends. */
    public boolean lockIfExists(String roleId) {
        return jdbc.sql("SELECT role_id FROM custom_role WHERE role_id = ? FOR SHARE").param(roleId)
                .query(String.class).optional().isPresent();
    }

    /** Whether any of the custom roles among {@code roleIds} grants any of the permissions. */
    public boolean anyGrants(Collection<String> roleIds, String... permissions) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM custom_role WHERE role_id = ANY(?) AND permissions && CAST(? AS text[]))")
                .params(roleIds.toArray(String[]::new), permissions).query(Boolean.class).single();
    }
}
