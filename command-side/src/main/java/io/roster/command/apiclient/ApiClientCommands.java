package io.roster.command.apiclient;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Commands for API clients. Secrets travel only as hashes, and only as far as the credential store. */
public final class ApiClientCommands {

    private ApiClientCommands() {
    }

    public record CreateApiClient(@TargetAggregateIdentifier String apiClientId, String clientId, String name,
                                  String organizationId, List<String> roles, String secretHash) {
    }

    public record AssignApiClientRole(@TargetAggregateIdentifier String apiClientId, String roleId,
                                      Long expectedVersion) {
    }

    public record RevokeApiClientRole(@TargetAggregateIdentifier String apiClientId, String roleId,
                                      Long expectedVersion) {
    }

    public record RotateApiClientSecret(@TargetAggregateIdentifier String apiClientId, String secretHash) {
    }

    public record DeleteApiClient(@TargetAggregateIdentifier String apiClientId) {
    }
}
