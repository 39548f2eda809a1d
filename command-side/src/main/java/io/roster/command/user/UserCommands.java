package io.roster.command.user;

import io.roster.command.access.PrincipalCommand;
import io.roster.events.OrganizationIds;
import io.roster.events.UserType;
import io.roster.roles.RoleCatalogue;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.Collection;
import java.util.List;

/**
 * Commands for the User aggregate. {@code expectedVersion} is the version an {@code If-Match} named, in Axon's terms
 * ({@link io.roster.command.common.Preconditions#aggregateVersion}), or null; Axon refuses a command naming a version
 * that is not the current one.
 */
public final class UserCommands {

    private UserCommands() {
    }

    /** A command on one person: privilege containment decides who may send it. */
    interface PersonCommand extends PrincipalCommand {
        String userId();

        @Override
        default String principalId() {
            return userId();
        }

        @Override
        default Kind principalKind() {
            return Kind.USER;
        }
    }

    /** Null organization means the root organization; null or empty roles mean Desktop User. */
    public record CreateUser(@TargetAggregateIdentifier String userId, String username, String firstName,
                             String lastName, String organizationId, UserType userType, List<String> roles)
            implements PersonCommand {
        @Override
        public boolean creates() {
            return true;
        }

        @Override
        public String organizationAfter() {
            return organizationId == null ? OrganizationIds.ROOT : organizationId;
        }

        @Override
        public Collection<String> rolesAdded() {
            return roles == null || roles.isEmpty() ? List.of(RoleCatalogue.DESKTOP_USER) : roles;
        }
    }

    /** Null fields are left as they are. */
    public record UpdateUser(@TargetAggregateIdentifier String userId, String username, String firstName,
                             String lastName, @TargetAggregateVersion Long expectedVersion)
            implements PersonCommand {
        @Override
        public boolean opensAccess() {
            return username != null;
        }
    }

    public record AssignRole(@TargetAggregateIdentifier String userId, String roleId, @TargetAggregateVersion Long expectedVersion)
            implements PersonCommand {
        @Override
        public Collection<String> rolesAdded() {
            return List.of(roleId);
        }
    }

    public record RevokeRole(@TargetAggregateIdentifier String userId, String roleId, @TargetAggregateVersion Long expectedVersion)
            implements PersonCommand {
    }

    public record MoveUser(@TargetAggregateIdentifier String userId, String organizationId, @TargetAggregateVersion Long expectedVersion)
            implements PersonCommand {
        @Override
        public String organizationAfter() {
            return organizationId;
        }
    }

    public record DeactivateUser(@TargetAggregateIdentifier String userId, String reason, @TargetAggregateVersion Long expectedVersion)
            implements PersonCommand {
    }

    public record ReactivateUser(@TargetAggregateIdentifier String userId, @TargetAggregateVersion Long expectedVersion)
            implements PersonCommand {
    }

    /** Sends a new invitation link (earlier ones stop working); only before the person has set a password. */
    public record ResendInvitation(@TargetAggregateIdentifier String userId)
            implements PersonCommand {
        @Override
        public boolean opensAccess() {
            return true;
        }
    }

    public record RequestPasswordReset(@TargetAggregateIdentifier String userId)
            implements PersonCommand {
        @Override
        public boolean opensAccess() {
            return true;
        }
    }

    /** Ends the person's sessions and cuts every token issued to them so far; their password stays. */
    public record SignOutUserEverywhere(@TargetAggregateIdentifier String userId)
            implements PersonCommand {
    }

    /** Sets the password chosen through a one-time link; the command carries only hashes. */
    public record SetPassword(@TargetAggregateIdentifier String userId, String tokenHash, String passwordHash) {
    }

    /** The identity provider's id for the user (SCIM externalId); null removes it. */
    public record SetExternalId(@TargetAggregateIdentifier String userId, String externalId, @TargetAggregateVersion Long expectedVersion)
            implements PersonCommand {
    }

    public record DeleteUser(@TargetAggregateIdentifier String userId, @TargetAggregateVersion Long expectedVersion)
            implements PersonCommand {
    }
}
