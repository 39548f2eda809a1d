package io.roster.query.roles;

import io.roster.query.common.Problems;
import io.roster.roles.Permission;
import io.roster.roles.RoleCatalogue;
import io.roster.roles.RoleDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The role catalogue: every built-in role with scope, permissions, limitations and companion roles. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Roles")
class RoleController {

    private final RoleCatalogue catalogue = RoleCatalogue.builtIn();

    record Roles(List<RoleDefinition> items) {
    }

    record PermissionEntry(String id, String description, List<String> roles) {
    }

    record Permissions(List<PermissionEntry> items) {
    }

    @GetMapping("/roles")
    @Operation(summary = "Every role of the catalogue")
    Roles roles() {
        return new Roles(catalogue.roles());
    }

    @GetMapping("/roles/{roleId}")
    @Operation(summary = "One role")
    RoleDefinition role(@PathVariable String roleId) {
        return catalogue.find(roleId).orElseThrow(() -> Problems.notFound("role", roleId));
    }

    @GetMapping("/permissions")
    @Operation(summary = "Every permission with its description and the roles that hold it")
    Permissions permissions() {
        return new Permissions(catalogue.permissions().stream().map(this::entry).toList());
    }

    private PermissionEntry entry(Permission permission) {
        List<String> holders = catalogue.roles().stream()
                .filter(role -> role.permissions().contains(permission.id()))
                .map(RoleDefinition::id).toList();
        return new PermissionEntry(permission.id(), permission.description(), holders);
    }
}
