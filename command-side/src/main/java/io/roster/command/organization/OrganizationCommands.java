package io.roster.command.organization;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Commands for the Organization aggregate. {@code expectedVersion} is the version an {@code If-Match} named, in Axon's terms
 * ({@link io.roster.command.common.Preconditions#aggregateVersion}), or null; Axon refuses a command naming a version
 * that is not the current one.
 */
public final class OrganizationCommands {

    private OrganizationCommands() {
    }

    /** {@code root} is only for the one-time creation of {@link io.roster.events.OrganizationIds#ROOT}. */
    public record CreateOrganization(@TargetAggregateIdentifier String organizationId, String name,
                                     String parentId, boolean root) {
    }

    public record UpdateOrganization(@TargetAggregateIdentifier String organizationId, String name,
                                     String parentId, @TargetAggregateVersion Long expectedVersion) {
    }

    public record DeactivateOrganization(@TargetAggregateIdentifier String organizationId, @TargetAggregateVersion Long expectedVersion) {
    }

    /** Support Access (seed 003): only on the root organization, which holds environment-wide settings. */
    public record ToggleSupportAccess(@TargetAggregateIdentifier String organizationId, boolean enabled) {
    }

    /** {@code deactivatedUserRetention} null switches automatic deletion off for this organization. */
    public record SetRetentionPolicy(@TargetAggregateIdentifier String organizationId,
                                     java.time.Duration deactivatedUserRetention, @TargetAggregateVersion Long expectedVersion) {
    }

    /** Licensed seats of the environment, on the root organization. */
    /** Replaces the allowed username domains (empty: any domain); only on the root organization. */
    public record SetAllowedDomains(@TargetAggregateIdentifier String organizationId, List<String> domains) {
    }

    public record SetSeatLicense(@TargetAggregateIdentifier String organizationId, int seats,
                                 java.math.BigDecimal pricePerSeatYear, String currency) {
    }

    /** Seats the organization and its children may use together; null lifts the limit. */
    public record SetSeatLimit(@TargetAggregateIdentifier String organizationId, Integer seatLimit) {
    }

    public record ReactivateOrganization(@TargetAggregateIdentifier String organizationId, @TargetAggregateVersion Long expectedVersion) {
    }
}
