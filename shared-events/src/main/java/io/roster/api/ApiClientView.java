package io.roster.api;

import io.roster.roles.RoleWarning;

import java.time.Instant;
import java.util.List;

/** An API client as reads show it. Its secret is never part of a view. */
public record ApiClientView(String id,
                            String clientId,
                            String name,
                            String organizationId,
                            List<String> roles,
                            List<RoleWarning> warnings,
                            String status,
                            Instant createdAt,
                            Instant updatedAt,
                            Instant secretRotatedAt,
                            long version) {
}
