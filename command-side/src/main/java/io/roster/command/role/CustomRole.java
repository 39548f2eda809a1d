package io.roster.command.role;

import io.roster.command.common.Refusal;
import io.roster.command.common.Text;
import io.roster.command.role.RoleCommands.CreateCustomRole;
import io.roster.command.role.RoleCommands.DeleteCustomRole;
import io.roster.command.role.RoleCommands.UpdateCustomRole;
import io.roster.events.role.CustomRoleCreated;
import io.roster.events.role.CustomRoleDeleted;
import io.roster.events.role.CustomRoleUpdated;
import io.roster.roles.RoleCatalogue;
import io.roster.roles.RoleScope;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.conflictresolution.ConflictResolver;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A custom role (seed 004): made by duplicating an existing role and adding or removing permissions. Only
 * permissions of the catalogue are allowed; it keeps its base role's scope. It cannot be deleted while assigned.
 */
@Aggregate
public class CustomRole {

    static final int MAX_NAME_LENGTH = 100;
    /** System Admin's root-level permission (seed 004): granted only through the System Admin role itself. */
    private static final String ADMIN = "admin";
    private static final String NOT_GRANTABLE = "System Admin's admin permission cannot be part of a custom role:"
            + " only a System Admin grants it, through the System Admin role";

    @AggregateIdentifier
    private String roleId;
    private String name;
    private List<String> permissions = List.of();
    private RoleScope scope;
    private long version;

    protected CustomRole() {
        // for Axon
    }

    @CommandHandler
    public CustomRole(CreateCustomRole command, RoleDirectory roles) {
        String validName = Text.required("name", command.name(), MAX_NAME_LENGTH);
        RoleDirectory.Definition base = roles.find(command.basedOn()).orElseThrow(() -> Refusal.unprocessable(
                "basedOn", "role-not-found", "role " + command.basedOn() + " does not exist"));
        if (base.permissions().contains(ADMIN)) {
            throw Refusal.unprocessable("basedOn", "permission-not-grantable", NOT_GRANTABLE);
        }
        List<String> edited = edit(base.permissions(), command.addPermissions(), command.removePermissions());
        requireWithinScope(base.scope(), command.addPermissions());
        roles.claimName(command.roleId(), validName);
        apply(new CustomRoleCreated(command.roleId(), validName, base.id(), base.scope(), edited));
    }

    /** A stale {@code @TargetAggregateVersion} is refused before anything is decided (Axon alone: at commit). */
    @CommandHandlerInterceptor
    void refuseStaleVersion(ConflictResolver conflicts) {
        conflicts.detectConflicts(unseenEvents -> true);
    }

    @CommandHandler
    public long handle(UpdateCustomRole command, RoleDirectory roles) {
        String newName = command.name() == null ? name : Text.required("name", command.name(), MAX_NAME_LENGTH);
        List<String> edited = edit(permissions, command.addPermissions(), command.removePermissions());
        requireWithinScope(scope, command.addPermissions());
        if (!newName.equals(name) || !edited.equals(permissions)) {
            if (!newName.equalsIgnoreCase(name)) {
                roles.claimName(roleId, newName);
            }
            apply(new CustomRoleUpdated(roleId, newName, edited));
        }
        return version;
    }

    @CommandHandler
    public long handle(DeleteCustomRole command, RoleDirectory roles) {
        long holders = roles.holders(roleId);
        if (holders > 0) {
            throw Refusal.conflict("role-in-use", "role " + name + " is held by " + holders
                    + " user(s) or API client(s): revoke it from them first");
        }
        apply(new CustomRoleDeleted(roleId));
        return version;
    }

    /**
     * A role scoped to an organization (or to its holder) cannot carry an environment-wide permission: held that
     * narrowly it would either mean nothing or, worse, reach the whole environment from one organization.
     */
    private static void requireWithinScope(RoleScope scope, List<String> added) {
        if (scope == RoleScope.ALL_ORGANIZATIONS || added == null) {
            return;
        }
        List<String> environmentWide = added.stream().filter(RoleCatalogue.builtIn()::environmentWide).distinct()
                .sorted().toList();
        if (!environmentWide.isEmpty()) {
            throw Refusal.unprocessable("addPermissions", "permission-environment-wide", "a role scoped to "
                    + scope + " cannot carry the environment-wide permissions " + environmentWide
                    + " (see environmentWide in GET /api/v1/permissions)");
        }
    }

    /** {@code base} plus {@code add} minus {@code remove}, every permission checked against the catalogue. */
    private static List<String> edit(List<String> base, List<String> add, List<String> remove) {
        RoleCatalogue catalogue = RoleCatalogue.builtIn();
        Set<String> result = new LinkedHashSet<>(base);
        for (String permission : add == null ? List.<String>of() : add) {
            if (!catalogue.hasPermission(permission)) {
                throw Refusal.unprocessable("addPermissions", "permission-not-found",
                        "permission " + permission + " does not exist (see GET /api/v1/permissions)");
            }
            if (ADMIN.equals(permission)) {
                throw Refusal.unprocessable("addPermissions", "permission-not-grantable", NOT_GRANTABLE);
            }
            result.add(permission);
        }
        for (String permission : remove == null ? List.<String>of() : remove) {
            if (!catalogue.hasPermission(permission)) {
                throw Refusal.unprocessable("removePermissions", "permission-not-found",
                        "permission " + permission + " does not exist (see GET /api/v1/permissions)");
            }
            result.remove(permission);
        }
        if (result.isEmpty()) {
            throw Refusal.unprocessable("removePermissions", "empty-role", "a role must keep at least one permission");
        }
        return new ArrayList<>(result);
    }

    @EventSourcingHandler
    void on(CustomRoleCreated event, @SequenceNumber long sequence) {
        roleId = event.roleId();
        name = event.name();
        permissions = event.permissions();
        scope = event.scope();
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(CustomRoleUpdated event, @SequenceNumber long sequence) {
        name = event.name();
        permissions = event.permissions();
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(CustomRoleDeleted event, @SequenceNumber long sequence) {
        version = sequence + 1;
        markDeleted();
    }
}
