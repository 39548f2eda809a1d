package io.roster.api;

/** Query for one API client; waits (bounded) for {@code minVersion} like {@link FindUser}. */
public record FindApiClient(String apiClientId, long minVersion) {
}
