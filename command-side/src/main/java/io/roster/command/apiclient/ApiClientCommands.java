package io.roster.command.apiclient;

import io.roster.command.access.PrincipalCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.Collection;
import java.util.List;

/** Commands for API clients. Secrets travel only as hashes, and only as far as the credential store. */
public final class ApiClientCommands {

    private ApiClientCommands() {
    }

    /** A command on one API client: privilege containment decides who may send it. */
    interface ClientCommand extends PrincipalCommand {
        String apiClientId();

        @Override
        default String principalId() {
            return apiClientId();
        }

        @Override
        default Kind principalKind() {
            return Kind.API_CLIENT;
        }
    }

    public record CreateApiClient(@TargetAggregateIdentifier String apiClientId, String clientId, String name,
                                  String organizationId, List<String> roles, String secretHash)
            implements ClientCommand {
        @Override
        public boolean creates() {
            return true;
        }

        @Override
        public String organizationAfter() {
            return organizationId;
        }

        @Override
        public Collection<String> rolesAdded() {
            return roles == null ? List.of() : roles;
        }
    }

    public record AssignApiClientRole(@TargetAggregateIdentifier String apiClientId, String roleId,
                                      @TargetAggregateVersion Long expectedVersion) implements ClientCommand {
        @Override
        public Collection<String> rolesAdded() {
            return List.of(roleId);
        }
    }

    public record RevokeApiClientRole(@TargetAggregateIdentifier String apiClientId, String roleId,
                                      @TargetAggregateVersion Long expectedVersion)
            implements ClientCommand {
    }

    public record RotateApiClientSecret(@TargetAggregateIdentifier String apiClientId, String secretHash)
            implements ClientCommand {
        @Override
        public boolean opensAccess() {
            return true;
        }
    }

    /** Cuts every token issued to the client so far; its secret stays. */
    public record SignOutApiClientEverywhere(@TargetAggregateIdentifier String apiClientId) implements ClientCommand {
    }

    public record DeleteApiClient(@TargetAggregateIdentifier String apiClientId)
            implements ClientCommand {
    }
}
