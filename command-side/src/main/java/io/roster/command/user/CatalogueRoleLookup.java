package io.roster.command.user;

import io.roster.roles.RoleCatalogue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Roles that exist: the built-in catalogue and the active custom roles. A custom role found here is locked
 * against deletion until the assigning transaction ends.
 */
@Component
class CatalogueRoleLookup implements RoleLookup {

    private final RoleCatalogue catalogue = RoleCatalogue.builtIn();
    private final JdbcClient jdbc;

    CatalogueRoleLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean exists(String roleId) {
        return catalogue.exists(roleId) || roleId != null
                && jdbc.sql("SELECT role_id FROM custom_role WHERE role_id = ? FOR SHARE").param(roleId)
                .query(String.class).optional().isPresent();
    }
}
