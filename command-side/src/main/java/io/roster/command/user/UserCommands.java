package io.roster.command.user;

import io.roster.events.UserType;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Commands for the User aggregate. {@code expectedVersion} carries an {@code If-Match}, or null. */
public final class UserCommands {

    private UserCommands() {
    }

    /** Null organization means the root organization; null or empty roles mean Desktop User. */
    public record CreateUser(@TargetAggregateIdentifier String userId, String username, String firstName,
                             String lastName, String organizationId, UserType userType, List<String> roles) {
    }

    /** Null fields are left as they are. */
    public record UpdateUser(@TargetAggregateIdentifier String userId, String username, String firstName,
                             String lastName, Long expectedVersion) {
    }

    public record AssignRole(@TargetAggregateIdentifier String userId, String roleId, Long expectedVersion) {
    }

    public record RevokeRole(@TargetAggregateIdentifier String userId, String roleId, Long expectedVersion) {
    }

    public record MoveUser(@TargetAggregateIdentifier String userId, String organizationId, Long expectedVersion) {
    }

    public record DeactivateUser(@TargetAggregateIdentifier String userId, String reason, Long expectedVersion) {
    }

    public record ReactivateUser(@TargetAggregateIdentifier String userId, Long expectedVersion) {
    }

    /** Sends a new invitation link (earlier ones stop working); only before the person has set a password. */
    public record ResendInvitation(@TargetAggregateIdentifier String userId) {
    }

    public record RequestPasswordReset(@TargetAggregateIdentifier String userId) {
    }

    /** Sets the password chosen through a one-time link; the command carries only hashes. */
    public record SetPassword(@TargetAggregateIdentifier String userId, String tokenHash, String passwordHash) {
    }

    /** The identity provider's id for the user (SCIM externalId); null removes it. */
    public record SetExternalId(@TargetAggregateIdentifier String userId, String externalId, Long expectedVersion) {
    }

    public record DeleteUser(@TargetAggregateIdentifier String userId, Long expectedVersion) {
    }
}
