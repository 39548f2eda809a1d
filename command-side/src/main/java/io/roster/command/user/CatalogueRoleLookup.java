package io.roster.command.user;

import io.roster.command.role.CustomRoles;
import io.roster.roles.RoleCatalogue;
import org.springframework.stereotype.Component;

/**
 * Roles that exist: the built-in catalogue and the active custom roles. A custom role found here is locked
 * against deletion until the assigning transaction ends.
 */
@Component
class CatalogueRoleLookup implements RoleLookup {

    private final RoleCatalogue catalogue = RoleCatalogue.builtIn();
    private final CustomRoles customRoles;

    CatalogueRoleLookup(CustomRoles customRoles) {
        this.customRoles = customRoles;
    }

    @Override
    public boolean exists(String roleId) {
        return catalogue.exists(roleId) || roleId != null
                && customRoles.lockIfExists(roleId);
    }
}
