package io.roster.command.access;

import java.util.Collection;
import java.util.List;

/**
 * A command that changes a principal (a person or an API client): who may send it is decided by privilege
 * containment ({@link Containment}), whatever path it came by (REST, SCIM, CSV import, console).
 */
public interface PrincipalCommand {

    enum Kind { USER, API_CLIENT }

    String principalId();

    Kind principalKind();

    /** True when the command brings the principal into being (there is nothing to compare with yet). */
    default boolean creates() {
        return false;
    }

    /** The organization the principal sits in after the command, or null when it stays where it is. */
    default String organizationAfter() {
        return null;
    }

    /**
     * True when the command opens a way in: a new principal, a role, a new secret, a new username or a link to set
     * a password. Code42 support staff act only while Support Access is on, and must leave nothing behind that
     * outlives it, so they are refused these.
     */
    default boolean opensAccess() {
        return creates() || !rolesAdded().isEmpty();
    }

    /** Roles the principal holds after the command in addition to those it holds now. */
    default Collection<String> rolesAdded() {
        return List.of();
    }
}
