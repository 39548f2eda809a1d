package io.roster.command.organization;

import io.roster.command.common.Refusal;
import io.roster.command.common.Text;
import io.roster.command.organization.OrganizationCommands.CreateOrganization;
import io.roster.command.organization.OrganizationCommands.DeactivateOrganization;
import io.roster.command.organization.OrganizationCommands.ReactivateOrganization;
import io.roster.command.organization.OrganizationCommands.SetRetentionPolicy;
import io.roster.command.organization.OrganizationCommands.SetAllowedDomains;
import io.roster.command.organization.OrganizationCommands.SetSeatLicense;
import io.roster.command.organization.OrganizationCommands.SetSeatLimit;
import io.roster.command.organization.OrganizationCommands.ToggleSupportAccess;
import io.roster.command.organization.OrganizationCommands.UpdateOrganization;
import io.roster.command.organization.OrganizationDirectory.State;
import io.roster.command.seats.SeatGuard;
import io.roster.events.OrganizationIds;
import io.roster.events.organization.AllowedDomainsSet;
import io.roster.events.organization.OrganizationCreated;
import io.roster.events.organization.OrganizationDeactivated;
import io.roster.events.organization.OrganizationMoved;
import io.roster.events.organization.OrganizationReactivated;
import io.roster.events.organization.OrganizationRenamed;
import io.roster.events.organization.OrganizationRetentionSet;
import io.roster.events.organization.OrganizationSeatLimitSet;
import io.roster.events.organization.SeatLicenseSet;
import io.roster.events.organization.SupportAccessToggled;
import org.axonframework.serialization.Revision;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.conflictresolution.ConflictResolver;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An organization: organizations nest; the root one holds environment-wide settings and never goes away. */
@Aggregate(snapshotTriggerDefinition = "aggregateSnapshots")
@Revision("2") // the snapshot's shape: raise it when the fields change, and older snapshots are ignored
public class Organization {

    static final int MAX_NAME_LENGTH = 200;
    private static final Duration MIN_RETENTION = Duration.ofDays(1);
    private static final Duration MAX_RETENTION = Duration.ofDays(3650);

    @AggregateIdentifier
    private String organizationId;
    private String name;
    private String parentId;
    private boolean root;
    private boolean active;
    private boolean supportAccessEnabled;
    private Duration retention;
    private SeatLicenseSet license;
    private Integer seatLimit;
    private List<String> allowedDomains = List.of();
    private long version;

    protected Organization() {
        // for Axon
    }

    @CommandHandler
    public Organization(CreateOrganization command, OrganizationDirectory directory) {
        String validName = Text.required("name", command.name(), MAX_NAME_LENGTH);
        if (command.root()) {
            if (!OrganizationIds.ROOT.equals(command.organizationId())) {
                throw Refusal.unprocessable("organizationId", "not-root", "only the root organization id can be root");
            }
            apply(new OrganizationCreated(command.organizationId(), validName, null, true));
            return;
        }
        String parent = command.parentId() == null ? OrganizationIds.ROOT : command.parentId();
        // the tree lock before the parent's row, in the order a move takes them
        directory.shareHierarchy();
        requireActiveParent(directory.lockForMembership(parent), parent, "parentId");
        apply(new OrganizationCreated(command.organizationId(), validName, parent, false));
    }

    /** A stale {@code @TargetAggregateVersion} is refused before anything is decided (Axon alone: at commit). */
    @CommandHandlerInterceptor
    void refuseStaleVersion(ConflictResolver conflicts) {
        conflicts.detectConflicts(unseenEvents -> true);
    }

    @CommandHandler
    public long handle(UpdateOrganization command, OrganizationDirectory directory, SeatGuard seats) {
        String newName = command.name() == null ? name : Text.required("name", command.name(), MAX_NAME_LENGTH);
        String newParentId = command.parentId() == null ? parentId : Text.required("parentId", command.parentId(), 64);
        if (!Objects.equals(newParentId, parentId)) {
            checkMove(newParentId, directory);
            if (active) {
                seats.requireSeatsForMove(organizationId, newParentId);
            }
        }
        if (!newName.equals(name)) {
            apply(new OrganizationRenamed(organizationId, newName));
        }
        if (!Objects.equals(newParentId, parentId)) {
            apply(new OrganizationMoved(organizationId, parentId, newParentId));
        }
        return version;
    }

    private void checkMove(String newParentId, OrganizationDirectory directory) {
        if (root) {
            throw Refusal.conflict("root-organization", "the root organization cannot be moved", "parentId");
        }
        directory.lockHierarchy();
        State target = directory.lockForMembership(newParentId);
        if (target == State.UNKNOWN) {
            throw Refusal.unprocessable("parentId", "organization-not-found",
                    "parent organization " + newParentId + " does not exist");
        }
        if (directory.isWithinSubtree(newParentId, organizationId)) {
            throw Refusal.conflict("organization-cycle",
                    "an organization cannot be moved under itself or one of its descendants", "parentId");
        }
        if (active && target == State.DEACTIVATED) {
            throw Refusal.conflict("organization-deactivated",
                    "an active organization cannot be moved under deactivated organization " + newParentId,
                    "parentId");
        }
    }

    @CommandHandler
    public long handle(DeactivateOrganization command, OrganizationDirectory directory) {
        if (root) {
            throw Refusal.conflict("root-organization", "the root organization cannot be deactivated");
        }
        if (!active) {
            throw Refusal.conflict("invalid-transition", "organization " + organizationId + " is already deactivated");
        }
        directory.lockForDeactivation(organizationId);
        long users = directory.activeUsersIn(organizationId);
        long children = directory.activeChildrenOf(organizationId);
        if (users > 0 || children > 0) {
            throw Refusal.conflict("organization-not-empty", "organization " + organizationId + " still has "
                    + users + " active user(s) and " + children + " active child organization(s)");
        }
        apply(new OrganizationDeactivated(organizationId));
        return version;
    }

    @CommandHandler
    public long handle(ReactivateOrganization command, OrganizationDirectory directory) {
        if (active) {
            throw Refusal.conflict("invalid-transition", "organization " + organizationId + " is already active");
        }
        if (directory.lockForMembership(parentId) != State.ACTIVE) {
            throw Refusal.conflict("organization-deactivated",
                    "parent organization " + parentId + " is deactivated: reactivate it first");
        }
        apply(new OrganizationReactivated(organizationId));
        return version;
    }

    @CommandHandler
    public long handle(ToggleSupportAccess command) {
        if (!root) {
            throw Refusal.unprocessable("organizationId", "not-root",
                    "Support Access is an environment-wide setting of the root organization");
        }
        if (command.enabled() != supportAccessEnabled) {
            apply(new SupportAccessToggled(organizationId, command.enabled()));
        }
        return version;
    }

    /** Seed 000: data of deactivated users is kept per the organization's retention policy. */
    @CommandHandler
    public long handle(SetRetentionPolicy command) {
        Duration requested = command.deactivatedUserRetention();
        if (requested != null && (requested.compareTo(MIN_RETENTION) < 0 || requested.compareTo(MAX_RETENTION) > 0)) {
            throw Refusal.invalid("deactivatedUserRetention", "invalid-field",
                    "deactivatedUserRetention must be between P1D and P3650D, or null to keep deactivated users");
        }
        if (!Objects.equals(requested, retention)) {
            apply(new OrganizationRetentionSet(organizationId, requested == null ? null : "P" + requested.toDays() + "D"));
        }
        return version;
    }

    @CommandHandler
    public long handle(SetAllowedDomains command) {
        if (!root) {
            throw Refusal.unprocessable("organizationId", "not-root", "allowed domains belong to the root organization");
        }
        List<String> wanted = AllowedDomains.normalize(command.domains());
        if (!wanted.equals(allowedDomains)) {
            apply(new AllowedDomainsSet(organizationId, wanted));
        }
        return version;
    }

    @CommandHandler
    public long handle(SetSeatLicense command) {
        if (!root) {
            throw Refusal.unprocessable("organizationId", "not-root", "the seat license belongs to the root organization");
        }
        if (command.seats() < 0 || command.seats() > 10_000_000) {
            throw Refusal.invalid("seats", "invalid-field", "seats must be between 0 and 10,000,000");
        }
        if (command.pricePerSeatYear() == null || command.pricePerSeatYear().signum() < 0
                || command.pricePerSeatYear().scale() > 2) {
            throw Refusal.invalid("pricePerSeatYear", "invalid-field", "pricePerSeatYear must be >= 0 with at most 2 decimals");
        }
        if (command.currency() == null || !command.currency().matches("[A-Z]{3}")) {
            throw Refusal.invalid("currency", "invalid-field", "currency must be an ISO 4217 code such as USD");
        }
        SeatLicenseSet wanted = new SeatLicenseSet(organizationId, command.seats(), command.pricePerSeatYear(),
                command.currency());
        if (license == null || license.seats() != wanted.seats() || license.pricePerSeatYear().compareTo(wanted.pricePerSeatYear()) != 0
                || !license.currency().equals(wanted.currency())) {
            apply(wanted);
        }
        return version;
    }

    @CommandHandler
    public long handle(SetSeatLimit command) {
        if (command.seatLimit() != null && command.seatLimit() < 0) {
            throw Refusal.invalid("seatLimit", "invalid-field", "seatLimit must be >= 0, or null for no limit");
        }
        if (!Objects.equals(command.seatLimit(), seatLimit)) {
            apply(new OrganizationSeatLimitSet(organizationId, command.seatLimit()));
        }
        return version;
    }

    private static void requireActiveParent(State state, String parentId, String field) {
        if (state == State.UNKNOWN) {
            throw Refusal.unprocessable(field, "organization-not-found",
                    "parent organization " + parentId + " does not exist");
        }
        if (state == State.DEACTIVATED) {
            throw Refusal.conflict("organization-deactivated",
                    "parent organization " + parentId + " is deactivated", field);
        }
    }

    @EventSourcingHandler
    void on(OrganizationCreated event, @SequenceNumber long sequence) {
        organizationId = event.organizationId();
        name = event.name();
        parentId = event.parentId();
        root = event.root();
        active = true;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(OrganizationRenamed event, @SequenceNumber long sequence) {
        name = event.name();
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(OrganizationMoved event, @SequenceNumber long sequence) {
        parentId = event.toParentId();
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(OrganizationDeactivated event, @SequenceNumber long sequence) {
        active = false;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(OrganizationRetentionSet event, @SequenceNumber long sequence) {
        retention = event.deactivatedUserRetention() == null ? null : Duration.parse(event.deactivatedUserRetention());
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(AllowedDomainsSet event, @SequenceNumber long sequence) {
        allowedDomains = List.copyOf(event.domains());
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(SeatLicenseSet event, @SequenceNumber long sequence) {
        license = event;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(OrganizationSeatLimitSet event, @SequenceNumber long sequence) {
        seatLimit = event.seatLimit();
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(SupportAccessToggled event, @SequenceNumber long sequence) {
        supportAccessEnabled = event.enabled();
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(OrganizationReactivated event, @SequenceNumber long sequence) {
        active = true;
        version = sequence + 1;
    }
}
