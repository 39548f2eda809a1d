package io.roster.events.apiclient;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ApiClientDeleted(String apiClientId) implements ApiClientEvent {
}
