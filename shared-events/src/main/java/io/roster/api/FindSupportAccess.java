package io.roster.api;

/** Query for the Support Access switch; waits (bounded) until the view shows the root's {@code minVersion}. */
public record FindSupportAccess(long minVersion) {
}
