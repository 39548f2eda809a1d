package io.roster.command.access;

/**
 * Privilege containment, the rule that keeps every caller from gaining more than it has: a caller may change a
 * principal only if the principal is within the caller's scope and everything the principal can do (before and
 * after the change, each permission as far as its scope reaches) is something the caller can do too.
 */
public interface Containment {

    /**
     * Refuses (404 when out of scope, as if it did not exist; 403 naming what the principal holds beyond the
     * caller) unless {@code actorId} may make {@code command}'s change.
     */
    void require(String actorId, PrincipalCommand command);
}
