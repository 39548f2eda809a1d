package io.roster.command.role;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.List;

public final class RoleCommands {

    private RoleCommands() {
    }

    public record CreateCustomRole(@TargetAggregateIdentifier String roleId, String name, String basedOn,
                                   List<String> addPermissions, List<String> removePermissions) {
    }

    public record UpdateCustomRole(@TargetAggregateIdentifier String roleId, String name, List<String> addPermissions,
                                   List<String> removePermissions, @TargetAggregateVersion Long expectedVersion) {
    }

    public record DeleteCustomRole(@TargetAggregateIdentifier String roleId, @TargetAggregateVersion Long expectedVersion) {
    }
}
