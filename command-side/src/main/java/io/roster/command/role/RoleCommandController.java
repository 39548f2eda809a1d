package io.roster.command.role;

import io.roster.api.RoleView;
import io.roster.command.access.AccessGuard;
import io.roster.command.common.CommandSender;
import io.roster.command.common.IdGenerator;
import io.roster.command.common.Preconditions;
import io.roster.command.common.Refusal;
import io.roster.command.role.RoleCommands.CreateCustomRole;
import io.roster.command.role.RoleCommands.DeleteCustomRole;
import io.roster.command.role.RoleCommands.UpdateCustomRole;
import io.roster.roles.RoleCatalogue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/** Custom roles (seed 004): duplicate a role, add or remove permissions. Customer Cloud Admins only. */
@RestController
@RequestMapping("/api/v1/roles")
@Tag(name = "Roles")
class RoleCommandController {

    private static final String RESOURCE = "role";

    private final CommandSender commands;
    private final QueryGateway queries;
    private final IdGenerator ids;
    private final AccessGuard access;
    private final RoleDirectory roles;

    RoleCommandController(CommandSender commands, QueryGateway queries, IdGenerator ids, AccessGuard access,
                          RoleDirectory roles) {
        this.roles = roles;
        this.commands = commands;
        this.queries = queries;
        this.ids = ids;
        this.access = access;
    }

    record CreateRoleRequest(@NotBlank @Size(max = CustomRole.MAX_NAME_LENGTH) String name,
                             @NotBlank String basedOn,
                             List<@NotBlank String> addPermissions,
                             List<@NotBlank String> removePermissions) {
    }

    record UpdateRoleRequest(@Size(min = 1, max = CustomRole.MAX_NAME_LENGTH) String name,
                             List<@NotBlank String> addPermissions,
                             List<@NotBlank String> removePermissions) {
    }

    @PostMapping
    @Operation(summary = "Create a custom role by duplicating a role and adding or removing permissions")
    ResponseEntity<RoleView> create(@Valid @RequestBody CreateRoleRequest request) {
        access.requireRoleAdministrator();
        // a role is a bundle of powers handed to others: nobody designs one with powers they do not hold themselves
        roles.find(request.basedOn()).ifPresent(base -> access.requireHoldsEverywhere("basedOn", base.permissions()));
        access.requireHoldsEverywhere("addPermissions", request.addPermissions());
        String id = "custom-" + ids.newId();
        RoleView role = commands.sendAndRead(new CreateCustomRole(id, request.name(), request.basedOn(),
                request.addPermissions(), request.removePermissions()), RESOURCE, id, () -> RoleAnswers.read(queries, id));
        return ResponseEntity.created(URI.create("/api/v1/roles/" + id)).eTag(Preconditions.etag(role.version()))
                .body(role);
    }

    @PatchMapping("/{roleId}")
    @Operation(summary = "Rename a custom role or change its permissions; built-in roles cannot be changed")
    ResponseEntity<RoleView> update(@PathVariable String roleId,
                                  @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                  @Valid @RequestBody UpdateRoleRequest request) {
        access.requireRoleAdministrator();
        refuseBuiltIn(roleId);
        // what is added reaches every holder at once: the editor must hold it everywhere the role may be held
        access.requireHoldsEverywhere("addPermissions", request.addPermissions());
        RoleView role = commands.sendAndRead(new UpdateCustomRole(roleId, request.name(), request.addPermissions(),
                request.removePermissions(), Preconditions.aggregateVersion(ifMatch)), RESOURCE, roleId,
                () -> RoleAnswers.read(queries, roleId));
        return ResponseEntity.ok().eTag(Preconditions.etag(role.version())).body(role);
    }

    @DeleteMapping("/{roleId}")
    @Operation(summary = "Delete a custom role (refused while assigned)")
    ResponseEntity<Void> delete(@PathVariable String roleId,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        access.requireRoleAdministrator();
        refuseBuiltIn(roleId);
        commands.send(new DeleteCustomRole(roleId, Preconditions.aggregateVersion(ifMatch)), RESOURCE, roleId);
        return ResponseEntity.noContent().build();
    }

    private static void refuseBuiltIn(String roleId) {
        if (RoleCatalogue.builtIn().exists(roleId)) {
            throw Refusal.conflict("built-in-role", "built-in role " + roleId
                    + " cannot be changed or deleted: duplicate it into a custom role instead");
        }
    }
}
