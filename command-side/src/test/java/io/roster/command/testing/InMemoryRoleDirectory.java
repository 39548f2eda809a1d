package io.roster.command.testing;

import io.roster.command.common.Refusal;
import io.roster.command.role.RoleDirectory;
import io.roster.roles.RoleCatalogue;
import io.roster.roles.RoleScope;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RoleDirectory} in memory, with the semantics of {@code JdbcRoleDirectory}: built-in roles from the
 * catalogue plus the custom roles a test registers; one role per name regardless of case, built-in role names
 * never claimable, a role's claim moving with a rename; holder counts set by the test. Unlike the JDBC one it is
 * not transactional, and the aggregate's events do not change it (the JDBC registry follows them).
 */
public class InMemoryRoleDirectory implements RoleDirectory {

    private final RoleCatalogue catalogue = RoleCatalogue.builtIn();
    private final Map<String, Definition> customRoles = new LinkedHashMap<>();
    /** Lower-cased name to role id. */
    private final Map<String, String> claims = new LinkedHashMap<>();
    private final Map<String, Long> holders = new HashMap<>();

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Test setup: an existing custom role holding {@code name}. */
    public InMemoryRoleDirectory withCustomRole(String roleId, String name, RoleScope scope, List<String> permissions) {
        customRoles.put(roleId, new Definition(roleId, scope, List.copyOf(permissions)));
        claims.values().removeIf(roleId::equals);
        claims.put(key(name), roleId);
        return this;
    }

    /** Test setup: {@code roleId} is held by {@code count} principals. */
    public InMemoryRoleDirectory withHolders(String roleId, long count) {
        holders.put(roleId, count);
        return this;
    }

    @Override
    public Optional<Definition> find(String roleId) {
        Optional<Definition> builtIn = catalogue.find(roleId)
                .map(role -> new Definition(role.id(), role.scope(), role.permissions()));
        return builtIn.isPresent() ? builtIn : Optional.ofNullable(roleId == null ? null : customRoles.get(roleId));
    }

    @Override
    public void claimName(String roleId, String name) {
        boolean builtInName = catalogue.roles().stream().anyMatch(role -> role.name().equalsIgnoreCase(name));
        String holder = claims.get(key(name));
        if (builtInName || holder != null && !holder.equals(roleId)) {
            throw Refusal.conflict("duplicate-role-name", "a role named " + name + " already exists", "name");
        }
        claims.values().removeIf(roleId::equals);
        claims.put(key(name), roleId);
    }

    @Override
    public long holders(String roleId) {
        return holders.getOrDefault(roleId, 0L);
    }

    /** Which role has claimed {@code name} (any case), if any. */
    public Optional<String> claimantOf(String name) {
        return Optional.ofNullable(claims.get(key(name)));
    }

    /** All claims, lower-cased name to role id. */
    public Map<String, String> claims() {
        return Map.copyOf(claims);
    }
}
