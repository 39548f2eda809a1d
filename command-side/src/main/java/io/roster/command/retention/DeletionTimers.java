package io.roster.command.retention;

import io.roster.command.organization.OrganizationTree;
import io.roster.events.UserType;
import io.roster.events.organization.OrganizationCreated;
import io.roster.events.organization.OrganizationMoved;
import io.roster.events.organization.OrganizationRetentionSet;
import io.roster.events.user.UserDeactivated;
import io.roster.events.user.UserDeleted;
import io.roster.events.user.UserMovedToOrganization;
import io.roster.events.user.UserReactivated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import io.roster.events.ActorType;
import io.roster.events.AuditMetadata;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Timers are data: when each deactivated user is due for deletion. Support users are temporary (seed 003):
 * deleted {@code roster.retention.support-user} (P60D) after deactivation. Regular users only where their
 * organization, or its nearest ancestor with a policy, sets one (seed 000). Reactivation or deletion cancels the
 * timer; a policy change recomputes the timers below it. Built from events, so a replay rebuilds every timer and
 * a restart loses none; {@link DeletionTimerRunner} fires them.
 */
@Component
@ProcessingGroup(DeletionTimers.GROUP)
class DeletionTimers {

    static final String GROUP = "deletion-timers";

    private final JdbcClient jdbc;
    private final OrganizationTree tree;
    private final Duration supportUserRetention;

    DeletionTimers(JdbcClient jdbc, OrganizationTree tree,
                   @Value("${roster.retention.support-user:P60D}") Duration supportUserRetention) {
        this.jdbc = jdbc;
        this.tree = tree;
        this.supportUserRetention = supportUserRetention;
    }

    @EventHandler
    void on(OrganizationCreated event) {
        jdbc.sql("INSERT INTO retention_org (organization_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(event.organizationId()).update();
    }

    /**
     * Below the moved organization the lineage is the part up to it, then the new parent's. Taken from the event
     * rather than the tree's paths, so it holds whether the tree has handled this move yet or not.
     */
    @EventHandler
    void on(OrganizationMoved event) {
        List<String> above = tree.lineage(event.toParentId());
        for (String userId : usersIn(tree.subtree(event.organizationId()))) {
            recompute(userId, organization -> {
                List<String> lineage = tree.lineage(organization);
                List<String> moved = new ArrayList<>(lineage.subList(0, lineage.indexOf(event.organizationId()) + 1));
                moved.addAll(above);
                return moved;
            });
        }
    }

    /** Who set the policy is kept with it: the deletions it causes are theirs, judged when they fire. */
    @EventHandler
    void on(OrganizationRetentionSet event, @MetaDataValue(AuditMetadata.ACTOR_ID) String actorId,
            @MetaDataValue(AuditMetadata.ACTOR_TYPE) String actorType) {
        holdMovesOff();
        boolean system = actorType == null || ActorType.SYSTEM.name().equals(actorType);
        jdbc.sql("UPDATE retention_org SET retention = ?, set_by_id = ?, set_by_type = ? WHERE organization_id = ?")
                .params(event.deactivatedUserRetention(), system ? null : actorId, system ? null : actorType,
                        event.organizationId()).update();
        recomputeSubtree(event.organizationId());
    }

    @EventHandler
    void on(UserDeactivated event, @Timestamp Instant at) {
        holdMovesOff();
        jdbc.sql("""
                        INSERT INTO retention_user (user_id, organization_id, user_type, deactivated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (user_id) DO UPDATE SET organization_id = EXCLUDED.organization_id,
                               user_type = EXCLUDED.user_type, deactivated_at = EXCLUDED.deactivated_at""")
                .params(event.userId(), event.organizationId(), event.userType().name(), at.atOffset(ZoneOffset.UTC))
                .update();
        recompute(event.userId());
    }

    @EventHandler
    void on(UserMovedToOrganization event) {
        holdMovesOff();
        int deactivated = jdbc.sql("UPDATE retention_user SET organization_id = ? WHERE user_id = ?")
                .params(event.toOrganizationId(), event.userId()).update();
        if (deactivated > 0) {
            recompute(event.userId());
        }
    }

    @EventHandler
    void on(UserReactivated event) {
        forget(event.userId());
    }

    @EventHandler
    void on(UserDeleted event) {
        forget(event.userId());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE retention_org, retention_user, deletion_timer").update();
    }

    /**
     * A move under way recomputes only the timers committed before it began: a timer computed from the tree meanwhile
     * waits for the move to commit, or holds it off until the timer is committed.
     */
    private void holdMovesOff() {
        tree.holdMovesOff();
    }

    private void forget(String userId) {
        jdbc.sql("DELETE FROM retention_user WHERE user_id = ?").param(userId).update();
        jdbc.sql("DELETE FROM deletion_timer WHERE user_id = ?").param(userId).update();
    }

    private void recomputeSubtree(String organizationId) {
        usersIn(tree.subtree(organizationId)).forEach(this::recompute);
    }

    /** The deactivated users waiting in any of the organizations. */
    private List<String> usersIn(List<String> organizationIds) {
        return jdbc.sql("SELECT user_id FROM retention_user WHERE organization_id = ANY(?)")
                .param(organizationIds.toArray(String[]::new)).query(String.class).list();
    }

    private record Deactivated(String organizationId, UserType type, Instant at) {
    }

    private void recompute(String userId) {
        recompute(userId, tree::lineage);
    }

    /** {@code lineage}: an organization, its parent and so on up to the root. */
    private void recompute(String userId, Function<String, List<String>> lineage) {
        Optional<Deactivated> user = jdbc.sql("SELECT organization_id, user_type, deactivated_at FROM retention_user WHERE user_id = ?")
                .param(userId)
                .query((rs, row) -> new Deactivated(rs.getString(1), UserType.valueOf(rs.getString(2)),
                        rs.getObject(3, OffsetDateTime.class).toInstant()))
                .optional();
        if (user.isEmpty()) {
            return;
        }
        Deactivated deactivated = user.get();
        Optional<Policy> policy;
        String reason;
        if (deactivated.type() == UserType.SUPPORT_USER) {
            // support users are the system's own rule: Roster deletes them itself
            policy = Optional.of(new Policy(supportUserRetention, null, null));
            reason = "support user retention " + supportUserRetention;
        } else {
            policy = policyFor(lineage.apply(deactivated.organizationId()));
            reason = "organization retention policy " + policy.map(p -> p.retention().toString()).orElse("none");
        }
        if (policy.isEmpty()) {
            jdbc.sql("DELETE FROM deletion_timer WHERE user_id = ?").param(userId).update();
            return;
        }
        jdbc.sql("""
                        INSERT INTO deletion_timer (user_id, due_at, reason, on_behalf_of_id, on_behalf_of_type)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (user_id) DO UPDATE SET due_at = EXCLUDED.due_at, reason = EXCLUDED.reason,
                               on_behalf_of_id = EXCLUDED.on_behalf_of_id, on_behalf_of_type = EXCLUDED.on_behalf_of_type,
                               claimed_until = NULL""")
                .params(userId, deactivated.at().plus(policy.get().retention()).atOffset(ZoneOffset.UTC), reason,
                        policy.get().setById(), policy.get().setByType()).update();
    }

    /** A retention policy and who set it (null: Roster itself). */
    private record Policy(Duration retention, String setById, String setByType) {
    }

    /** The nearest policy going up the lineage to the root. */
    private Optional<Policy> policyFor(List<String> lineage) {
        record Found(String organizationId, Policy policy) {
        }
        return jdbc.sql("""
                        SELECT organization_id, retention, set_by_id, set_by_type FROM retention_org
                        WHERE organization_id = ANY(?) AND retention IS NOT NULL""")
                .param(lineage.toArray(String[]::new))
                .query((rs, row) -> new Found(rs.getString(1), new Policy(Duration.parse(rs.getString(2)), rs.getString(3),
                        rs.getString(4))))
                .list().stream().min(Comparator.comparingInt(set -> lineage.indexOf(set.organizationId())))
                .map(Found::policy);
    }
}
