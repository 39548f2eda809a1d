package io.roster.api;

/**
 * Query for one user. A command's answer reads its own write through it: the user list is written in the command's
 * transaction, so the row is there once the command has returned.
 */
public record FindUser(String userId) {
}
