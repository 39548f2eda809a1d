package io.roster.events.apiclient;

import org.axonframework.serialization.Revision;

import java.util.List;

/** {@code clientId} is what the client presents at the token endpoint; its secret is stored hashed elsewhere. */
@Revision("1")
public record ApiClientCreated(String apiClientId, String clientId, String name, String organizationId,
                               List<String> roles) implements ApiClientEvent {
    public ApiClientCreated {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
