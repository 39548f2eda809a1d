package io.roster.api;

import java.time.Instant;
import java.util.List;

public record OrganizationView(String id,
                               String name,
                               String parentId,
                               boolean root,
                               OrganizationStatus status,
                               List<String> children,
                               String deactivatedUserRetention,
                               Instant createdAt,
                               Instant updatedAt,
                               long version) {
}
