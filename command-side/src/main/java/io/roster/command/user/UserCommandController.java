package io.roster.command.user;

import io.roster.api.FindUser;
import io.roster.api.UserView;
import io.roster.command.access.AccessGuard;
import io.roster.command.common.CommandSender;
import io.roster.command.common.IdGenerator;
import io.roster.command.common.Preconditions;
import io.roster.command.user.UserCommands.AssignRole;
import io.roster.command.user.UserCommands.CreateUser;
import io.roster.command.user.UserCommands.DeactivateUser;
import io.roster.command.user.UserCommands.DeleteUser;
import io.roster.command.user.UserCommands.MoveUser;
import io.roster.command.user.UserCommands.ReactivateUser;
import io.roster.command.user.UserCommands.RequestPasswordReset;
import io.roster.command.user.UserCommands.SignOutUserEverywhere;
import io.roster.command.user.UserCommands.ResendInvitation;
import io.roster.command.user.UserCommands.RevokeRole;
import io.roster.command.user.UserCommands.UpdateUser;
import io.roster.events.OrganizationIds;
import io.roster.events.UserType;
import io.roster.roles.RoleCatalogue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Lifecycle commands on users. Every answer shows the user as the next read will (read your writes). */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users")
class UserCommandController {

    private static final String RESOURCE = "user";
    private static final String[] CREATE = {"user.create", "crossorg_user.create", "user.all", "crossorg_user.all"};
    private static final String[] UPDATE = {"user.update", "crossorg_user.update", "user.all", "crossorg_user.all"};

    private final CommandSender commands;
    private final QueryGateway queries;
    private final IdGenerator ids;
    private final AccessGuard access;

    UserCommandController(CommandSender commands, QueryGateway queries, IdGenerator ids, AccessGuard access) {
        this.commands = commands;
        this.queries = queries;
        this.ids = ids;
        this.access = access;
    }

    record CreateUserRequest(@NotBlank @Size(max = EmailAddresses.MAX_LENGTH) String username,
                             @NotBlank @Size(max = User.MAX_NAME_LENGTH) String firstName,
                             @NotBlank @Size(max = User.MAX_NAME_LENGTH) String lastName,
                             String organizationId,
                             UserType userType,
                             List<@NotBlank String> roles) {
    }

    record UpdateUserRequest(@Size(min = 1, max = EmailAddresses.MAX_LENGTH) String username,
                             @Size(min = 1, max = User.MAX_NAME_LENGTH) String firstName,
                             @Size(min = 1, max = User.MAX_NAME_LENGTH) String lastName) {
    }

    record MoveUserRequest(@NotNull @NotBlank String organizationId) {
    }

    record DeactivateUserRequest(@Size(max = User.MAX_REASON_LENGTH) String reason) {
    }

    @PostMapping
    @Operation(summary = "Create a user (default organization: root; default role: Desktop User)")
    ResponseEntity<UserView> create(@Valid @RequestBody CreateUserRequest request) {
        if (request.roles() != null && !request.roles().isEmpty()
                && !request.roles().equals(List.of(RoleCatalogue.DESKTOP_USER))) {
            access.requireMayGrant(request.roles());
        }
        access.requireOrganizationInScope("organizationId",
                request.organizationId() == null ? OrganizationIds.ROOT : request.organizationId(), CREATE);
        String id = ids.newId();
        return respond(id, new CreateUser(id, request.username(), request.firstName(), request.lastName(),
                request.organizationId(), request.userType(), request.roles()),
                ResponseEntity.created(URI.create("/api/v1/users/" + id)));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Update names and/or username; honours If-Match (412 when stale)")
    ResponseEntity<UserView> update(@PathVariable String id,
                                    @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                    @Valid @RequestBody UpdateUserRequest request) {
        return respond(id, new UpdateUser(id, request.username(), request.firstName(), request.lastName(),
                Preconditions.aggregateVersion(ifMatch)), ResponseEntity.ok());
    }

    @PutMapping("/{id}/roles/{roleId}")
    @Operation(summary = "Assign a role (idempotent); the answer carries warnings for missing companion roles")
    ResponseEntity<UserView> assignRole(@PathVariable String id, @PathVariable String roleId,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        access.requireMayGrant(List.of(roleId));
        return respond(id, new AssignRole(id, roleId, Preconditions.aggregateVersion(ifMatch)), ResponseEntity.ok());
    }

    @DeleteMapping("/{id}/roles/{roleId}")
    @Operation(summary = "Revoke a role (idempotent)")
    ResponseEntity<UserView> revokeRole(@PathVariable String id, @PathVariable String roleId,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        access.requireMayGrant(List.of(roleId));
        return respond(id, new RevokeRole(id, roleId, Preconditions.aggregateVersion(ifMatch)), ResponseEntity.ok());
    }

    @PostMapping("/{id}/move")
    @Operation(summary = "Move a user to another organization")
    ResponseEntity<UserView> move(@PathVariable String id,
                                  @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                  @Valid @RequestBody MoveUserRequest request) {
        access.requireOrganizationInScope("organizationId", request.organizationId(), UPDATE);
        return respond(id, new MoveUser(id, request.organizationId(), Preconditions.aggregateVersion(ifMatch)),
                ResponseEntity.ok());
    }

    @PostMapping("/{id}/deactivate")
    @Operation(summary = "Deactivate: keeps data and roles, frees the seat")
    ResponseEntity<UserView> deactivate(@PathVariable String id,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @Valid @RequestBody(required = false) DeactivateUserRequest request) {
        String reason = request == null ? null : request.reason();
        return respond(id, new DeactivateUser(id, reason, Preconditions.aggregateVersion(ifMatch)), ResponseEntity.ok());
    }

    @PostMapping("/{id}/reactivate")
    @Operation(summary = "Reactivate a deactivated user")
    ResponseEntity<UserView> reactivate(@PathVariable String id,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return respond(id, new ReactivateUser(id, Preconditions.aggregateVersion(ifMatch)), ResponseEntity.ok());
    }

    @PostMapping("/{id}/invitation")
    @Operation(summary = "Send a new invitation e-mail (earlier links stop working); before the password is set")
    ResponseEntity<UserView> resendInvitation(@PathVariable String id) {
        return respond(id, new ResendInvitation(id), ResponseEntity.accepted());
    }

    @PostMapping("/{id}/password-reset")
    @Operation(summary = "E-mail the person a one-time link to choose a new password")
    ResponseEntity<UserView> requestPasswordReset(@PathVariable String id) {
        return respond(id, new RequestPasswordReset(id), ResponseEntity.accepted());
    }

    @PostMapping("/{id}/sign-out")
    @Operation(summary = "End the person's sessions and cut every token issued to them so far (the password stays)")
    ResponseEntity<UserView> signOutEverywhere(@PathVariable String id) {
        return respond(id, new SignOutUserEverywhere(id), ResponseEntity.ok());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete permanently (only a deactivated user); personal data becomes unreadable everywhere")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        commands.send(new DeleteUser(id, Preconditions.aggregateVersion(ifMatch)), RESOURCE, id);
        return ResponseEntity.noContent().build();
    }

    /** The user list row the command's transaction wrote. */
    private Optional<UserView> read(String id) {
        return queries.query(new FindUser(id), ResponseTypes.optionalInstanceOf(UserView.class)).join();
    }

    /** Sends the command and answers with the row its transaction wrote, read in that transaction. */
    private ResponseEntity<UserView> respond(String id, Object command, ResponseEntity.BodyBuilder builder) {
        UserView view = commands.sendAndRead(command, RESOURCE, id, () -> read(id)
                .orElseThrow(() -> new IllegalStateException("user " + id + " has no row after its command")));
        return builder.eTag(Preconditions.etag(view.version())).body(view);
    }
}
