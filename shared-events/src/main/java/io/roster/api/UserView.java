package io.roster.api;

import io.roster.events.UserType;
import io.roster.roles.RoleWarning;

import java.time.Instant;
import java.util.List;

/**
 * A user as the user-list read model shows it; {@code version} is the aggregate version (the ETag) and
 * {@code activated} tells whether the person has set a password (accepted the invitation).
 */
public record UserView(String id,
                       String username,
                       String firstName,
                       String lastName,
                       String organizationId,
                       UserType userType,
                       UserStatus status,
                       boolean activated,
                       List<String> roles,
                       List<RoleWarning> warnings,
                       Instant createdAt,
                       Instant updatedAt,
                       Instant lastActivityAt,
                       long version) {
}
