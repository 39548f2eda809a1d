package io.roster.query.roles;

import io.roster.api.FindCustomRole;
import io.roster.api.RoleView;
import io.roster.query.common.Problems;
import io.roster.roles.Permission;
import io.roster.roles.RoleCatalogue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The role catalogue: every built-in role and every custom role, with scope, permissions and companions. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Roles")
class RoleController {

    private final RoleCatalogue catalogue = RoleCatalogue.builtIn();
    private final CustomRoleList customRoles;

    RoleController(CustomRoleList customRoles) {
        this.customRoles = customRoles;
    }

    record Roles(List<RoleView> items) {
    }

    /** {@code environmentWide}: counts only when held for all organizations; roles scoped narrower cannot carry it. */
    record PermissionEntry(String id, String description, boolean environmentWide, List<String> roles) {
    }

    record Permissions(List<PermissionEntry> items) {
    }

    @GetMapping("/roles")
    @Operation(summary = "Every role: the built-in catalogue, then the custom roles")
    Roles roles() {
        return new Roles(allRoles());
    }

    @GetMapping("/roles/{roleId}")
    @Operation(summary = "One role")
    RoleView role(@PathVariable String roleId) {
        return catalogue.find(roleId).map(RoleView::of)
                .or(() -> custom(roleId).filter(role -> "ACTIVE".equals(role.status())))
                .orElseThrow(() -> Problems.notFound("role", roleId));
    }

    @QueryHandler
    Optional<RoleView> handle(FindCustomRole query) {
        return custom(query.roleId());
    }

    @GetMapping("/permissions")
    @Operation(summary = "Every permission with its description and the roles that hold it")
    Permissions permissions() {
        List<RoleView> roles = allRoles();
        return new Permissions(catalogue.permissions().stream().map(permission -> entry(permission, roles)).toList());
    }

    private List<RoleView> allRoles() {
        List<RoleView> roles = new ArrayList<>(catalogue.roles().stream().map(RoleView::of).toList());
        roles.addAll(customRoles.active());
        return roles;
    }

    private Optional<RoleView> custom(String roleId) {
        return customRoles.find(roleId);
    }

    private static PermissionEntry entry(Permission permission, List<RoleView> roles) {
        Stream<RoleView> holders = roles.stream().filter(role -> role.permissions().contains(permission.id()));
        return new PermissionEntry(permission.id(), permission.description(),
                RoleCatalogue.builtIn().environmentWide(permission.id()), holders.map(RoleView::id).toList());
    }
}
