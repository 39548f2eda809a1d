package io.roster.command.user;

import io.roster.command.common.CommandLookups;
import io.roster.events.user.UserCreated;
import io.roster.events.user.UserDeactivated;
import io.roster.events.user.UserDeleted;
import io.roster.events.user.UserMovedToOrganization;
import io.roster.events.user.UserReactivated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;

/**
 * Which users are active in which organization, for rules that span aggregates (an organization with active
 * users cannot be deactivated), and where deleted users sat (tombstones). Kept in the command's transaction by the subscribing lookups group.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
public class UserRegistry {

    private final JdbcClient jdbc;

    UserRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the user exists and is not deleted. */
    public boolean exists(String userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM user_registry WHERE user_id = ? AND NOT deleted)").param(userId)
                .query(Boolean.class).single();
    }

    public long activeUsersIn(String organizationId) {
        return jdbc.sql("SELECT count(*) FROM user_registry WHERE organization_id = ? AND active")
                .param(organizationId).query(Long.class).single();
    }

    /** Active people holding a seat in any of the organizations, not counting {@code exceptUserId}. */
    public long seatsUsedIn(Collection<String> organizationIds, String exceptUserId) {
        return jdbc.sql("""
                        SELECT count(*) FROM user_registry WHERE active AND user_type = 'USER' AND user_id <> ?
                          AND organization_id = ANY(?)""")
                .params(exceptUserId, organizationIds.toArray(String[]::new)).query(Long.class).single();
    }

    /** Active people holding a seat anywhere, not counting {@code exceptUserId}. */
    public long seatsUsed(String exceptUserId) {
        return jdbc.sql("SELECT count(*) FROM user_registry WHERE active AND user_type = 'USER' AND user_id <> ?")
                .param(exceptUserId).query(Long.class).single();
    }

    @EventHandler
    void on(UserCreated event) {
        jdbc.sql("""
                        INSERT INTO user_registry (user_id, organization_id, active, user_type) VALUES (?, ?, true, ?)
                        ON CONFLICT (user_id) DO NOTHING
                        """)
                .params(event.userId(), event.organizationId(), event.userType().name()).update();
    }

    @EventHandler
    void on(UserMovedToOrganization event) {
        jdbc.sql("UPDATE user_registry SET organization_id = ? WHERE user_id = ?")
                .params(event.toOrganizationId(), event.userId()).update();
    }

    @EventHandler
    void on(UserDeactivated event) {
        jdbc.sql("UPDATE user_registry SET active = false WHERE user_id = ?").param(event.userId()).update();
    }

    @EventHandler
    void on(UserReactivated event) {
        jdbc.sql("UPDATE user_registry SET active = true WHERE user_id = ?").param(event.userId()).update();
    }

    @EventHandler
    void on(UserDeleted event) {
        // a tombstone: which organization the user sat in decides who may still read their history
        jdbc.sql("UPDATE user_registry SET active = false, deleted = true WHERE user_id = ?").param(event.userId()).update();
    }
}
