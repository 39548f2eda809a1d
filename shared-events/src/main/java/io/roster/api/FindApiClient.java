package io.roster.api;

/** Query for one API client, read like {@link FindUser}. */
public record FindApiClient(String apiClientId) {
}
