package io.roster.events.apiclient;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ApiClientRoleRevoked(String apiClientId, String roleId) implements ApiClientEvent {
}
