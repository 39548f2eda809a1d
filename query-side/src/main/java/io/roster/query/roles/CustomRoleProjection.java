package io.roster.query.roles;

import io.roster.events.role.CustomRoleCreated;
import io.roster.events.role.CustomRoleDeleted;
import io.roster.events.role.CustomRoleUpdated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Custom roles for the role catalogue endpoints; deleted ones stay as tombstones. */
@Component
@ProcessingGroup(CustomRoleProjection.GROUP)
class CustomRoleProjection {

    static final String GROUP = "custom-role-list";

    private final JdbcClient jdbc;

    CustomRoleProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomRoleCreated event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        INSERT INTO custom_role_list (role_id, name, based_on, scope, permissions, status, version)
                        VALUES (?, ?, ?, ?, string_to_array(?, ','), 'ACTIVE', ?) ON CONFLICT (role_id) DO NOTHING""")
                .params(event.roleId(), event.name(), event.basedOn(), event.scope().name(),
                        String.join(",", event.permissions()), sequence + 1)
                .update();
    }

    @EventHandler
    void on(CustomRoleUpdated event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        UPDATE custom_role_list SET name = ?, permissions = string_to_array(?, ','), version = ?
                        WHERE role_id = ? AND version < ?""")
                .params(event.name(), String.join(",", event.permissions()), sequence + 1, event.roleId(), sequence + 1)
                .update();
    }

    @EventHandler
    void on(CustomRoleDeleted event, @SequenceNumber long sequence) {
        jdbc.sql("UPDATE custom_role_list SET status = 'DELETED', version = ? WHERE role_id = ? AND version < ?")
                .params(sequence + 1, event.roleId(), sequence + 1).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE custom_role_list").update();
    }
}
