package io.roster.api;

/**
 * Query for one user. With {@code minVersion > 0} the answer waits (bounded) until the read model has
 * caught up with that aggregate version: this is how a command's response reads its own write.
 */
public record FindUser(String userId, long minVersion) {
}
