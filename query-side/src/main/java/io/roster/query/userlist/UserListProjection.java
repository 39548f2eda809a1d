package io.roster.query.userlist;

import io.roster.events.user.RoleAssigned;
import io.roster.events.user.RoleRevoked;
import io.roster.events.user.UserCreated;
import io.roster.events.user.UserDeactivated;
import io.roster.events.user.UserDeleted;
import io.roster.events.user.UserExternalIdChanged;
import io.roster.events.user.UserInvited;
import io.roster.events.user.UserPasswordResetRequested;
import io.roster.events.user.UserSignedOutEverywhere;
import io.roster.events.user.UserPasswordSet;
import io.roster.events.user.UserMovedToOrganization;
import io.roster.events.user.UserProfileUpdated;
import io.roster.events.user.UserReactivated;
import io.roster.events.user.UserUsernameChanged;
import io.roster.query.common.ProjectionWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static io.roster.query.common.ProjectionWriter.params;


/**
 * The user list: one row per user, shaped for the list filters. Every write is guarded by the aggregate
 * version, so redelivered or replayed events change nothing twice. Deleted users keep a row without any
 * personal data (a tombstone that answers 410).
 */
@Component
@ProcessingGroup(UserListProjection.GROUP)
class UserListProjection {

    static final String GROUP = "user-list";

    private final ProjectionWriter writer;

    UserListProjection(ProjectionWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    void on(UserCreated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writer.update("""
                        INSERT INTO user_list (user_id, username, username_lower, first_name, last_name, organization_id,
                                               user_type, status, roles, search, created_at, updated_at, version)
                        VALUES (:id, CAST(:username AS text), lower(CAST(:username AS text)), CAST(:firstName AS text),
                                CAST(:lastName AS text), :organizationId, :userType, 'ACTIVE', string_to_array(:roles, ','),
                                lower(concat_ws(' ', CAST(:username AS text), CAST(:firstName AS text), CAST(:lastName AS text))),
                                :at, :at, :version)
                        ON CONFLICT (user_id) DO NOTHING
                        """, params("id", event.userId(), "username", event.username(), "firstName", event.firstName(),
                "lastName", event.lastName(), "organizationId", event.organizationId(),
                "userType", event.userType().name(), "roles", String.join(",", event.roles()), "at", utc(at),
                "version", sequence + 1));
    }

    @EventHandler
    void on(UserUsernameChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, """
                username = CAST(:username AS text), username_lower = lower(CAST(:username AS text)),
                search = lower(concat_ws(' ', CAST(:username AS text), first_name, last_name))""", "username", event.username());
    }

    @EventHandler
    void on(UserProfileUpdated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writer.update("""
                        UPDATE user_list SET first_name = CAST(:firstName AS text), last_name = CAST(:lastName AS text),
                               search = lower(concat_ws(' ', username, CAST(:firstName AS text), CAST(:lastName AS text))),
                               updated_at = :at, version = :version
                        WHERE user_id = :id AND version < :version
                        """, params("firstName", event.firstName(), "lastName", event.lastName(), "at", utc(at),
                "version", sequence + 1, "id", event.userId()));
    }

    @EventHandler
    void on(RoleAssigned event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at,
                "roles = CASE WHEN :role = ANY(roles) THEN roles ELSE array_append(roles, CAST(:role AS text)) END",
                "role", event.roleId());
    }

    @EventHandler
    void on(RoleRevoked event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "roles = array_remove(roles, CAST(:role AS text))", "role", event.roleId());
    }

    @EventHandler
    void on(UserMovedToOrganization event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "organization_id = :organizationId", "organizationId",
                event.toOrganizationId());
    }

    @EventHandler
    void on(UserDeactivated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "status = :status", "status", "DEACTIVATED");
    }

    @EventHandler
    void on(UserReactivated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "status = :status", "status", "ACTIVE");
    }

    @EventHandler
    void on(UserDeleted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, """
                status = :status, username = NULL, username_lower = NULL, first_name = NULL, last_name = NULL,
                search = NULL, external_id = NULL, roles = '{}'""", "status", "DELETED");
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    @EventHandler
    void on(UserInvited event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "activated = :activated", "activated", false);
    }

    @EventHandler
    void on(UserPasswordResetRequested event, @SequenceNumber long sequence, @Timestamp Instant at) {
        // nothing the list shows changes, but the row must reach the aggregate's version (the ETag)
        update(event.userId(), sequence, at, "activated = activated", "unused", null);
    }

    @EventHandler
    void on(UserSignedOutEverywhere event, @SequenceNumber long sequence, @Timestamp Instant at) {
        // nothing the list shows changes, but the row must reach the aggregate's version (the ETag)
        update(event.userId(), sequence, at, "activated = activated", "unused", null);
    }

    @EventHandler
    void on(UserPasswordSet event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "activated = :activated", "activated", true);
    }

    @EventHandler
    void on(UserExternalIdChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "external_id = CAST(:externalId AS text)", "externalId", event.externalId());
    }

    @ResetHandler
    void reset() {
        writer.update("TRUNCATE user_list", Map.of());
    }

    private void update(String userId, long sequence, Instant at, String assignments, String name, Object value) {
        writer.update("UPDATE user_list SET " + assignments + ", updated_at = :at, version = :version "
                        + "WHERE user_id = :id AND version < :version",
                params(name, value, "at", utc(at), "version", sequence + 1, "id", userId));
    }

}
