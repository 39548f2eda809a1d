package io.roster.command.user;

import io.roster.command.access.AdminGuard;
import io.roster.command.common.Refusal;
import io.roster.command.common.Text;
import io.roster.command.organization.AllowedDomains;
import io.roster.command.organization.OrganizationDirectory;
import io.roster.command.seats.SeatGuard;
import io.roster.command.organization.OrganizationDirectory.State;
import io.roster.command.user.UserCommands.AssignRole;
import io.roster.command.user.UserCommands.CreateUser;
import io.roster.command.user.UserCommands.SetExternalId;
import io.roster.command.user.UserCommands.DeactivateUser;
import io.roster.command.user.UserCommands.DeleteUser;
import io.roster.command.user.UserCommands.MoveUser;
import io.roster.command.user.UserCommands.ReactivateUser;
import io.roster.command.user.UserCommands.RequestPasswordReset;
import io.roster.command.user.UserCommands.ResendInvitation;
import io.roster.command.user.UserCommands.SetPassword;
import io.roster.command.user.UserCommands.SignOutUserEverywhere;
import io.roster.command.user.UserCommands.RevokeRole;
import io.roster.command.user.UserCommands.UpdateUser;
import io.roster.events.OrganizationIds;
import io.roster.events.UserType;
import io.roster.events.user.RoleAssigned;
import io.roster.events.user.RoleRevoked;
import io.roster.events.user.UserCreated;
import io.roster.events.user.UserExternalIdChanged;
import io.roster.events.user.UserDeactivated;
import io.roster.events.user.UserDeleted;
import io.roster.events.user.UserInvited;
import io.roster.events.user.UserPasswordResetRequested;
import io.roster.events.user.UserSignedOutEverywhere;
import io.roster.events.user.UserPasswordSet;
import io.roster.events.user.UserMovedToOrganization;
import io.roster.events.user.UserProfileUpdated;
import io.roster.events.user.UserReactivated;
import io.roster.events.user.UserUsernameChanged;
import io.roster.roles.RoleCatalogue;
import io.roster.events.PersonalData;
import io.roster.events.PersonalDataSubject;
import org.axonframework.serialization.Revision;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.conflictresolution.ConflictResolver;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A user account: who it is (username = e-mail), where it sits (organization), what it may do (roles) and
 * whether it is active. Command handlers return the aggregate version after the command (the new ETag).
 */
@Aggregate(snapshotTriggerDefinition = "aggregateSnapshots")
@Revision("2") // the snapshot's shape: raise it when the fields change, and older snapshots are ignored
public class User implements PersonalDataSubject {

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_REASON_LENGTH = 500;
    static final int MAX_EXTERNAL_ID_LENGTH = 255;

    @AggregateIdentifier
    private String userId;
    // encrypted with the person's key in snapshots, like in events
    @PersonalData
    private String username;
    @PersonalData
    private String firstName;
    @PersonalData
    private String lastName;
    private String organizationId;
    private UserType userType;
    private final Set<String> roles = new LinkedHashSet<>();
    private boolean active;
    private boolean passwordSet;
    private String externalId;
    private long version;

    protected User() {
        // for Axon
    }

    /** Whose key encrypts this aggregate's personal fields in a snapshot. */
    @Override
    public String dataSubjectId() {
        return userId;
    }

    @CommandHandler
    public User(CreateUser command, UsernameRegistry usernames, OrganizationDirectory organizations,
                RoleLookup roleLookup, SeatGuard seats) {
        String validUsername = EmailAddresses.require("username", command.username());
        String validFirstName = Text.required("firstName", command.firstName(), MAX_NAME_LENGTH);
        String validLastName = Text.required("lastName", command.lastName(), MAX_NAME_LENGTH);
        List<String> initialRoles = initialRoles(command.roles(), roleLookup);
        String organization = command.organizationId() == null ? OrganizationIds.ROOT : command.organizationId();
        organizations.lockForMembership(organization).requireFor(organization, true);
        UserType type = command.userType() == null ? UserType.USER : command.userType();
        if (type == UserType.SUPPORT_USER && !organizations.supportAccessEnabled()) {
            throw supportAccessDisabled();
        }
        if (type != UserType.SUPPORT_USER) {
            // the company's domains; Code42 support staff sign in with the vendor's
            AllowedDomains.require("username", validUsername, organizations.allowedDomains());
        }
        if (type == UserType.USER) {
            seats.requireSeat(command.userId(), organization);
        }
        usernames.claim(validUsername, command.userId());
        apply(new UserCreated(command.userId(), validUsername, validFirstName, validLastName, organization, type,
                initialRoles));
    }

    private static List<String> initialRoles(List<String> requested, RoleLookup roleLookup) {
        if (requested == null || requested.isEmpty()) {
            return List.of(RoleCatalogue.DESKTOP_USER);
        }
        return roleLookup.requireAll(requested);
    }

    /** A stale {@code @TargetAggregateVersion} is refused before anything is decided (Axon alone: at commit). */
    @CommandHandlerInterceptor
    void refuseStaleVersion(ConflictResolver conflicts) {
        conflicts.detectConflicts(unseenEvents -> true);
    }

    @CommandHandler
    public long handle(UpdateUser command, UsernameRegistry usernames, OrganizationDirectory organizations) {
        // validate everything before the first side effect
        String newUsername = command.username() == null ? username
                : EmailAddresses.require("username", command.username());
        String newFirstName = command.firstName() == null ? firstName
                : Text.required("firstName", command.firstName(), MAX_NAME_LENGTH);
        String newLastName = command.lastName() == null ? lastName
                : Text.required("lastName", command.lastName(), MAX_NAME_LENGTH);
        if (!newUsername.equals(username)) {
            if (userType != UserType.SUPPORT_USER) {
                AllowedDomains.require("username", newUsername, organizations.allowedDomains());
            }
            usernames.claim(newUsername, userId);
            usernames.releaseAllBut(userId, newUsername);
            apply(new UserUsernameChanged(userId, newUsername));
        }
        if (!newFirstName.equals(firstName) || !newLastName.equals(lastName)) {
            apply(new UserProfileUpdated(userId, newFirstName, newLastName));
        }
        return version;
    }

    @CommandHandler
    public long handle(AssignRole command, RoleLookup roleLookup) {
        if (!roleLookup.exists(command.roleId())) {
            throw Refusal.notFound("role-not-found", "role " + command.roleId() + " does not exist");
        }
        if (!roles.contains(command.roleId())) {
            apply(new RoleAssigned(userId, command.roleId(), organizationId));
        }
        return version;
    }

    @CommandHandler
    public long handle(RevokeRole command, RoleLookup roleLookup, AdminGuard admins) {
        if (roles.contains(command.roleId())) {
            if (active && RoleCatalogue.CUSTOMER_CLOUD_ADMIN.equals(command.roleId())) {
                admins.requireAnotherActiveAdmin(userId);
            }
            apply(new RoleRevoked(userId, command.roleId(), organizationId));
        } else if (!roleLookup.exists(command.roleId())) {
            throw Refusal.notFound("role-not-found", "role " + command.roleId() + " does not exist");
        }
        return version;
    }

    @CommandHandler
    public long handle(MoveUser command, OrganizationDirectory organizations, SeatGuard seats) {
        String target = Text.required("organizationId", command.organizationId(), 64);
        if (!target.equals(organizationId)) {
            organizations.lockForMembership(target).requireFor(target, active);
            if (active && userType == UserType.USER) {
                seats.requireSeat(userId, target);
            }
            apply(new UserMovedToOrganization(userId, organizationId, target));
        }
        return version;
    }

    @CommandHandler
    public long handle(DeactivateUser command, AdminGuard admins) {
        if (!active) {
            throw Refusal.conflict("invalid-transition", "user " + userId + " is already deactivated");
        }
        if (roles.contains(RoleCatalogue.CUSTOMER_CLOUD_ADMIN)) {
            admins.requireAnotherActiveAdmin(userId);
        }
        String reason = Text.optional("reason", command.reason(), MAX_REASON_LENGTH);
        apply(new UserDeactivated(userId, organizationId, userType, reason));
        return version;
    }

    @CommandHandler
    public long handle(ReactivateUser command, OrganizationDirectory organizations, SeatGuard seats) {
        if (active) {
            throw Refusal.conflict("invalid-transition", "user " + userId + " is already active");
        }
        if (organizations.lockForMembership(organizationId) != State.ACTIVE) {
            throw Refusal.conflict("organization-deactivated", "user " + userId + " sits in deactivated organization "
                    + organizationId + ": reactivate the organization or move the user first");
        }
        if (userType == UserType.SUPPORT_USER && !organizations.supportAccessEnabled()) {
            throw supportAccessDisabled();
        }
        if (userType == UserType.USER) {
            seats.requireSeat(userId, organizationId);
        }
        apply(new UserReactivated(userId, organizationId, userType));
        return version;
    }

    @CommandHandler
    public long handle(DeleteUser command, UsernameRegistry usernames) {
        if (active) {
            throw Refusal.conflict("invalid-transition",
                    "user " + userId + " is active: only a deactivated user can be deleted");
        }
        usernames.releaseAllBut(userId, null);
        apply(new UserDeleted(userId, organizationId, userType));
        return version;
    }

    @CommandHandler
    public long handle(SetExternalId command) {
        String wanted = command.externalId() == null || command.externalId().isBlank() ? null
                : Text.required("externalId", command.externalId(), MAX_EXTERNAL_ID_LENGTH);
        if (!java.util.Objects.equals(wanted, externalId)) {
            apply(new UserExternalIdChanged(userId, wanted));
        }
        return version;
    }

    @CommandHandler
    public long handle(ResendInvitation command) {
        requireActive("invite");
        if (passwordSet) {
            throw Refusal.conflict("already-activated", "user " + userId
                    + " has already set a password: send a password reset instead");
        }
        apply(new UserInvited(userId));
        return version;
    }

    @CommandHandler
    public long handle(RequestPasswordReset command) {
        requireActive("reset the password of");
        apply(new UserPasswordResetRequested(userId));
        return version;
    }

    /** Also for a deactivated person: their sessions and tokens are already refused, and stay cut after a reactivation. */
    @CommandHandler
    public long handle(SignOutUserEverywhere command) {
        apply(new UserSignedOutEverywhere(userId));
        return version;
    }

    @CommandHandler
    public long handle(SetPassword command, Credentials credentials) {
        if (!active) {
            throw Refusal.gone("invalid-link", "this account is deactivated");
        }
        credentials.consumeToken(command.tokenHash(), userId);
        credentials.storePassword(userId, command.passwordHash());
        apply(new UserPasswordSet(userId));
        return version;
    }

    private static Refusal supportAccessDisabled() {
        return Refusal.conflict("support-access-disabled", "Support Access is disabled: Code42 support users cannot be"
                + " created or reactivated until a Customer Cloud Admin enables it (PUT /api/v1/support-access)");
    }

    private void requireActive(String action) {
        if (!active) {
            throw Refusal.conflict("invalid-transition", "cannot " + action + " deactivated user " + userId);
        }
    }

    @EventSourcingHandler
    void on(UserCreated event, @SequenceNumber long sequence) {
        userId = event.userId();
        username = event.username();
        firstName = event.firstName();
        lastName = event.lastName();
        organizationId = event.organizationId();
        userType = event.userType();
        roles.addAll(event.roles());
        active = true;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(UserUsernameChanged event, @SequenceNumber long sequence) {
        username = event.username();
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(UserProfileUpdated event, @SequenceNumber long sequence) {
        firstName = event.firstName();
        lastName = event.lastName();
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(RoleAssigned event, @SequenceNumber long sequence) {
        roles.add(event.roleId());
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(RoleRevoked event, @SequenceNumber long sequence) {
        roles.remove(event.roleId());
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(UserMovedToOrganization event, @SequenceNumber long sequence) {
        organizationId = event.toOrganizationId();
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(UserDeactivated event, @SequenceNumber long sequence) {
        active = false;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(UserReactivated event, @SequenceNumber long sequence) {
        active = true;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(UserInvited event, @SequenceNumber long sequence) {
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(UserPasswordResetRequested event, @SequenceNumber long sequence) {
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(UserSignedOutEverywhere event, @SequenceNumber long sequence) {
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(UserPasswordSet event, @SequenceNumber long sequence) {
        passwordSet = true;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(UserExternalIdChanged event, @SequenceNumber long sequence) {
        externalId = event.externalId();
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(UserDeleted event, @SequenceNumber long sequence) {
        version = sequence + 1;
        markDeleted();
    }
}
