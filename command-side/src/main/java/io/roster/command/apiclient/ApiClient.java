package io.roster.command.apiclient;

import io.roster.command.access.AdminGuard;
import io.roster.command.apiclient.ApiClientCommands.AssignApiClientRole;
import io.roster.command.apiclient.ApiClientCommands.CreateApiClient;
import io.roster.command.apiclient.ApiClientCommands.DeleteApiClient;
import io.roster.command.apiclient.ApiClientCommands.RevokeApiClientRole;
import io.roster.command.apiclient.ApiClientCommands.RotateApiClientSecret;
import io.roster.command.apiclient.ApiClientCommands.SignOutApiClientEverywhere;
import io.roster.command.common.Refusal;
import io.roster.command.common.Text;
import io.roster.command.organization.OrganizationDirectory;
import io.roster.command.user.RoleLookup;
import io.roster.events.OrganizationIds;
import io.roster.events.apiclient.ApiClientCreated;
import io.roster.events.apiclient.ApiClientDeleted;
import io.roster.events.apiclient.ApiClientRoleAssigned;
import io.roster.events.apiclient.ApiClientRoleRevoked;
import io.roster.events.apiclient.ApiClientSecretRotated;
import io.roster.events.apiclient.ApiClientSignedOutEverywhere;
import io.roster.roles.RoleCatalogue;
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
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/** A machine identity for an internal tool: holds roles like a person, signs in with client credentials. */
@Aggregate
public class ApiClient {

    static final int MAX_NAME_LENGTH = 100;
    private static final Pattern CLIENT_ID = Pattern.compile("^[A-Za-z0-9._-]{3,64}$");

    @AggregateIdentifier
    private String apiClientId;
    private final Set<String> roles = new LinkedHashSet<>();
    private long version;

    protected ApiClient() {
        // for Axon
    }

    @CommandHandler
    public ApiClient(CreateApiClient command, ClientCredentials credentials, OrganizationDirectory organizations,
                     RoleLookup roleLookup) {
        String name = Text.required("name", command.name(), MAX_NAME_LENGTH);
        if (command.clientId() == null || !CLIENT_ID.matcher(command.clientId()).matches()) {
            throw Refusal.invalid("clientId", "invalid-field",
                    "clientId must be 3 to 64 letters, digits, '.', '_' or '-'");
        }
        List<String> validRoles = roleLookup.requireAll(command.roles() == null ? List.of() : command.roles());
        String organization = command.organizationId() == null ? OrganizationIds.ROOT : command.organizationId();
        organizations.lockForMembership(organization).requireFor(organization, true);
        credentials.register(command.apiClientId(), command.clientId(), command.secretHash());
        apply(new ApiClientCreated(command.apiClientId(), command.clientId(), name, organization, validRoles));
    }

    /** A stale {@code @TargetAggregateVersion} is refused before anything is decided (Axon alone: at commit). */
    @CommandHandlerInterceptor
    void refuseStaleVersion(ConflictResolver conflicts) {
        conflicts.detectConflicts(unseenEvents -> true);
    }

    @CommandHandler
    public long handle(AssignApiClientRole command, RoleLookup roleLookup) {
        if (!roleLookup.exists(command.roleId())) {
            throw Refusal.notFound("role-not-found", "role " + command.roleId() + " does not exist");
        }
        if (!roles.contains(command.roleId())) {
            apply(new ApiClientRoleAssigned(apiClientId, command.roleId()));
        }
        return version;
    }

    @CommandHandler
    public long handle(RevokeApiClientRole command, RoleLookup roleLookup, AdminGuard admins) {
        if (roles.contains(command.roleId())) {
            if (RoleCatalogue.CUSTOMER_CLOUD_ADMIN.equals(command.roleId())) {
                admins.requireAnotherActiveAdmin(apiClientId);
            }
            apply(new ApiClientRoleRevoked(apiClientId, command.roleId()));
        } else if (!roleLookup.exists(command.roleId())) {
            throw Refusal.notFound("role-not-found", "role " + command.roleId() + " does not exist");
        }
        return version;
    }

    @CommandHandler
    public long handle(RotateApiClientSecret command, ClientCredentials credentials) {
        credentials.replaceSecret(apiClientId, command.secretHash());
        apply(new ApiClientSecretRotated(apiClientId));
        return version;
    }

    @CommandHandler
    public long handle(SignOutApiClientEverywhere command) {
        apply(new ApiClientSignedOutEverywhere(apiClientId));
        return version;
    }

    @CommandHandler
    public long handle(DeleteApiClient command, ClientCredentials credentials, AdminGuard admins) {
        if (roles.contains(RoleCatalogue.CUSTOMER_CLOUD_ADMIN)) {
            admins.requireAnotherActiveAdmin(apiClientId);
        }
        credentials.remove(apiClientId);
        apply(new ApiClientDeleted(apiClientId));
        return version;
    }

    @EventSourcingHandler
    void on(ApiClientCreated event, @SequenceNumber long sequence) {
        apiClientId = event.apiClientId();
        roles.addAll(event.roles());
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(ApiClientRoleAssigned event, @SequenceNumber long sequence) {
        roles.add(event.roleId());
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(ApiClientRoleRevoked event, @SequenceNumber long sequence) {
        roles.remove(event.roleId());
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(ApiClientSecretRotated event, @SequenceNumber long sequence) {
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(ApiClientSignedOutEverywhere event, @SequenceNumber long sequence) {
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(ApiClientDeleted event, @SequenceNumber long sequence) {
        version = sequence + 1;
        markDeleted();
    }
}
