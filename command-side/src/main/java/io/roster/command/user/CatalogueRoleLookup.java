package io.roster.command.user;

import io.roster.roles.RoleCatalogue;
import org.springframework.stereotype.Component;

/** Roles that exist: the built-in catalogue. */
@Component
class CatalogueRoleLookup implements RoleLookup {

    private final RoleCatalogue catalogue = RoleCatalogue.builtIn();

    @Override
    public boolean exists(String roleId) {
        return catalogue.exists(roleId);
    }
}
