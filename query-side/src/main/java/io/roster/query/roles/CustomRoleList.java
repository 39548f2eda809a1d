package io.roster.query.roles;

import io.roster.api.RoleView;
import io.roster.roles.RoleScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The custom roles' read model as the role catalogue and SCIM groups ask for it. */
@Component
public class CustomRoleList {

    private final JdbcClient jdbc;

    CustomRoleList(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<RoleView> active() {
        return jdbc.sql("SELECT * FROM custom_role_list WHERE status = 'ACTIVE' ORDER BY lower(name)").query(this::map).list();
    }

    /** Deleted ones too: their tombstone says so. */
    Optional<RoleView> find(String roleId) {
        return jdbc.sql("SELECT * FROM custom_role_list WHERE role_id = ?").param(roleId).query(this::map).optional();
    }

    /** Id -> name of every custom role not deleted. */
    public Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        jdbc.sql("SELECT role_id, name FROM custom_role_list WHERE status <> 'DELETED'")
                .query(rs -> {
                    names.put(rs.getString(1), rs.getString(2));
                });
        return names;
    }

    private RoleView map(ResultSet rs, int row) throws SQLException {
        String basedOn = rs.getString("based_on");
        return new RoleView(rs.getString("role_id"), rs.getString("name"), "Custom role based on " + basedOn, null,
                List.of(), RoleScope.valueOf(rs.getString("scope")), Arrays.asList((String[]) rs.getArray("permissions").getArray()),
                List.of(), false, basedOn, rs.getString("status"), rs.getLong("version"));
    }
}
