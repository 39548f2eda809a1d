package io.roster.events.apiclient;

import org.axonframework.serialization.Revision;

/**
 * An administrator cut every token issued to the API client so far (a leaked token); its secret stays, so the tool
 * behind it fetches a new token and goes on.
 */
@Revision("1")
public record ApiClientSignedOutEverywhere(String apiClientId) implements ApiClientEvent {
}
