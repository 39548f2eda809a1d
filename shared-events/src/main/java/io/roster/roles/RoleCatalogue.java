package io.roster.roles;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in roles, loaded from {@code roster/roles/builtin-roles.json}, which is generated from the
 * seed text by {@code tools/roles/extract_roles.py} and checked in. Immutable and shared.
 */
public final class RoleCatalogue {

    public static final String DESKTOP_USER = "desktop-user";
    public static final String CUSTOMER_CLOUD_ADMIN = "customer-cloud-admin";
    public static final String SYSADMIN = "sysadmin";

    private static final String RESOURCE = "/roster/roles/builtin-roles.json";
    private static final RoleCatalogue BUILT_IN = load();

    private final Map<String, RoleDefinition> roles;
    private final Map<String, Permission> permissions;
    private final List<RoleDefinition> orderedRoles;
    private final List<Permission> orderedPermissions;
    private final java.util.Set<String> organizationScoped;

    private RoleCatalogue(List<RoleDefinition> roles, List<Permission> permissions) {
        Map<String, RoleDefinition> byId = new LinkedHashMap<>();
        roles.forEach(role -> byId.put(role.id(), role));
        Map<String, Permission> permissionsById = new LinkedHashMap<>();
        permissions.forEach(permission -> permissionsById.put(permission.id(), permission));
        this.roles = Map.copyOf(byId);
        this.permissions = Map.copyOf(permissionsById);
        this.orderedRoles = List.copyOf(byId.values());
        this.orderedPermissions = List.copyOf(permissionsById.values());
        this.organizationScoped = roles.stream().filter(role -> role.scope() != RoleScope.ALL_ORGANIZATIONS)
                .flatMap(role -> role.permissions().stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());
        verify();
    }

    public static RoleCatalogue builtIn() {
        return BUILT_IN;
    }

    public List<RoleDefinition> roles() {
        return orderedRoles;
    }

    public boolean hasPermission(String id) {
        return id != null && permissions.containsKey(id);
    }

    public List<Permission> permissions() {
        return orderedPermissions;
    }

    /**
     * Whether a permission is environment-wide: no built-in role narrower than all organizations grants it, so it
     * means something only across the whole environment (Support Access, webhooks, API clients, the audit log, the
     * cross-organization permissions...). Such a permission counts only when held for all organizations, and a role
     * scoped to an organization or a person cannot carry it.
     */
    public boolean environmentWide(String permissionId) {
        return hasPermission(permissionId) && !organizationScoped.contains(permissionId);
    }

    public Optional<RoleDefinition> find(String roleId) {
        return Optional.ofNullable(roleId == null ? null : roles.get(roleId));
    }

    public boolean exists(String roleId) {
        return roleId != null && roles.containsKey(roleId);
    }

    /** Roles among {@code held} whose companion requirement none of the held roles meets. */
    public List<RoleWarning> warningsFor(Collection<String> held) {
        List<RoleWarning> warnings = new ArrayList<>();
        for (String roleId : held) {
            RoleDefinition role = roles.get(roleId);
            if (role == null) {
                continue;
            }
            for (Companion companion : role.companions()) {
                if (companion.anyOfRoles().stream().noneMatch(held::contains)) {
                    warnings.add(new RoleWarning(RoleWarning.MISSING_COMPANION_ROLE, roleId, companion.anyOfRoles(),
                            role.name() + " is meant to be assigned together with another role: " + companion.note()));
                }
            }
        }
        return warnings;
    }

    private void verify() {
        for (RoleDefinition role : orderedRoles) {
            for (String permission : role.permissions()) {
                if (!permissions.containsKey(permission)) {
                    throw new IllegalStateException("role " + role.id() + " names unknown permission " + permission);
                }
            }
            for (Companion companion : role.companions()) {
                companion.anyOfRoles().forEach(id -> {
                    if (!roles.containsKey(id)) {
                        throw new IllegalStateException("role " + role.id() + " names unknown companion " + id);
                    }
                });
            }
        }
        for (String required : List.of(DESKTOP_USER, CUSTOMER_CLOUD_ADMIN, SYSADMIN)) {
            if (!roles.containsKey(required)) {
                throw new IllegalStateException("catalogue lacks " + required);
            }
        }
    }

    private record CatalogueFile(String source, List<RoleDefinition> roles, List<Permission> permissions) {
    }

    private static RoleCatalogue load() {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        try (InputStream in = RoleCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE);
            }
            CatalogueFile file = mapper.readValue(in, CatalogueFile.class);
            return new RoleCatalogue(file.roles(), file.permissions());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
