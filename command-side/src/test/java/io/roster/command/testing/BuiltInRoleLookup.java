package io.roster.command.testing;

import io.roster.command.user.RoleLookup;
import io.roster.roles.RoleCatalogue;

/** {@link RoleLookup} over the built-in role catalogue, like the production one. */
public final class BuiltInRoleLookup {

    private BuiltInRoleLookup() {
    }

    public static RoleLookup builtIn() {
        RoleCatalogue catalogue = RoleCatalogue.builtIn();
        return catalogue::exists;
    }
}
