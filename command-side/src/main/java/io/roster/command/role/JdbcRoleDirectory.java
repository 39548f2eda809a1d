package io.roster.command.role;

import io.roster.command.access.PrincipalRegistry;
import io.roster.command.common.Refusal;
import io.roster.roles.RoleCatalogue;
import io.roster.roles.RoleDefinition;
import io.roster.roles.RoleScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

@Component
class JdbcRoleDirectory implements RoleDirectory {

    private final JdbcClient jdbc;
    private final PrincipalRegistry principals;
    private final RoleCatalogue catalogue = RoleCatalogue.builtIn();

    JdbcRoleDirectory(JdbcClient jdbc, PrincipalRegistry principals) {
        this.jdbc = jdbc;
        this.principals = principals;
    }

    @Override
    public Optional<Definition> find(String roleId) {
        Optional<RoleDefinition> builtIn = catalogue.find(roleId);
        if (builtIn.isPresent()) {
            return builtIn.map(role -> new Definition(role.id(), role.scope(), role.permissions()));
        }
        return jdbc.sql("SELECT role_id, scope, permissions FROM custom_role WHERE role_id = ?").param(roleId)
                .query((rs, row) -> new Definition(rs.getString(1), RoleScope.valueOf(rs.getString(2)),
                        Arrays.asList((String[]) rs.getArray(3).getArray())))
                .optional();
    }

    @Override
    public void claimName(String roleId, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean builtInName = catalogue.roles().stream().anyMatch(role -> role.name().equalsIgnoreCase(name));
        int claimed = builtInName ? 0 : jdbc.sql("""
                        INSERT INTO role_name_claim (name_lower, role_id) VALUES (?, ?)
                        ON CONFLICT (name_lower) DO UPDATE SET role_id = EXCLUDED.role_id
                        WHERE role_name_claim.role_id = EXCLUDED.role_id""")
                .params(lower, roleId).update();
        if (claimed == 0) {
            throw Refusal.conflict("duplicate-role-name", "a role named " + name + " already exists", "name");
        }
        jdbc.sql("DELETE FROM role_name_claim WHERE role_id = ? AND name_lower <> ?").params(roleId, lower).update();
    }

    @Override
    public long holders(String roleId) {
        // locks the role against new assignments (see CatalogueRoleLookup) until this transaction ends
        jdbc.sql("SELECT role_id FROM custom_role WHERE role_id = ? FOR UPDATE").param(roleId).query(String.class).optional();
        return principals.holdersOf(roleId);
    }
}
