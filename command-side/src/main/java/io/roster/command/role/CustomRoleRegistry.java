package io.roster.command.role;

import io.roster.command.common.CommandLookups;
import io.roster.events.role.CustomRoleCreated;
import io.roster.events.role.CustomRoleDeleted;
import io.roster.events.role.CustomRoleUpdated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Custom roles as access checks and commands read them, kept in the command's transaction: a change to a role
 * changes what its holders may do from their next request on.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class CustomRoleRegistry {

    private final JdbcClient jdbc;

    CustomRoleRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomRoleCreated event) {
        jdbc.sql("""
                        INSERT INTO custom_role (role_id, name, based_on, scope, permissions)
                        VALUES (?, ?, ?, ?, string_to_array(?, ','))
                        ON CONFLICT (role_id) DO NOTHING""")
                .params(event.roleId(), event.name(), event.basedOn(), event.scope().name(),
                        String.join(",", event.permissions()))
                .update();
    }

    @EventHandler
    void on(CustomRoleUpdated event) {
        jdbc.sql("UPDATE custom_role SET name = ?, permissions = string_to_array(?, ',') WHERE role_id = ?")
                .params(event.name(), String.join(",", event.permissions()), event.roleId()).update();
    }

    @EventHandler
    void on(CustomRoleDeleted event) {
        jdbc.sql("DELETE FROM custom_role WHERE role_id = ?").param(event.roleId()).update();
        jdbc.sql("DELETE FROM role_name_claim WHERE role_id = ?").param(event.roleId()).update();
    }
}
