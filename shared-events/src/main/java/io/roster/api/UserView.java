package io.roster.api;

import io.roster.events.UserType;
import io.roster.roles.RoleWarning;

import java.time.Instant;
import java.util.List;

/** A user as the user-list read model shows it; {@code version} is the aggregate version (the ETag). */
public record UserView(String id,
                       String username,
                       String firstName,
                       String lastName,
                       String organizationId,
                       UserType userType,
                       UserStatus status,
                       List<String> roles,
                       List<RoleWarning> warnings,
                       Instant createdAt,
                       Instant updatedAt,
                       long version) {
}
