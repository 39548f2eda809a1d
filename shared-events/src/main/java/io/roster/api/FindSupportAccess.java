package io.roster.api;

/** Query for the Support Access switch, read like {@link FindUser}. */
public record FindSupportAccess() {
}
