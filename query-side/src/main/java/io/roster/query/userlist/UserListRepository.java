package io.roster.query.userlist;

import io.roster.api.UserStatus;
import io.roster.api.UserView;
import io.roster.events.UserType;
import io.roster.query.common.Cursor;
import io.roster.query.organization.Organizations;
import io.roster.query.common.Page;
import io.roster.query.common.QueryParams;
import io.roster.roles.RoleCatalogue;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

@Repository
class UserListRepository {

    /** The user list's columns, and last activity (sign-ins and reported activity: operational data, not events). */
    private static final String COLUMNS = "user_id, username, first_name, last_name, organization_id, user_type, "
            + "status, activated, roles, created_at, updated_at, version, "
            + "(SELECT a.last_activity_at FROM user_activity a WHERE a.user_id = user_list.user_id) AS last_activity_at";

    private final JdbcClient jdbc;
    private final RowMapper<UserView> mapper = this::map;

    private final Organizations organizations;

    UserListRepository(JdbcClient jdbc, Organizations organizations) {
        this.jdbc = jdbc;
        this.organizations = organizations;
    }

    Optional<UserView> find(String userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_list WHERE user_id = ?").param(userId).query(mapper).optional();
    }

    /** {@code scopeOrganization} and {@code self} narrow the list to the caller's scope (null: no limit). */
    /**
     * {@code inactiveSince}: no activity at or after it (never active included); {@code activeSince}: some activity at
     * or after it.
     */
    record Filter(String organizationId, boolean includeChildren, UserStatus status, String role, UserType userType,
                  String q, java.time.Instant inactiveSince, java.time.Instant activeSince, String scopeOrganization,
                  String self) {
    }

    Page<UserView> list(Filter filter, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM user_list WHERE ");
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.status() != null) {
            sql.append("status = :status");
            params.put("status", filter.status().name());
        } else {
            sql.append("status <> 'DELETED'");
        }
        if (filter.organizationId() != null) {
            if (filter.includeChildren()) {
                sql.append(" AND organization_id = ANY(:organizationIds)");
                params.put("organizationIds", organizations.subtreeIds(filter.organizationId()));
            } else {
                sql.append(" AND organization_id = :organizationId");
                params.put("organizationId", filter.organizationId());
            }
        }
        if (filter.role() != null) {
            sql.append(" AND roles @> ARRAY[CAST(:role AS text)]");
            params.put("role", filter.role());
        }
        if (filter.userType() != null) {
            sql.append(" AND user_type = :userType");
            params.put("userType", filter.userType().name());
        }
        if (filter.q() != null) {
            sql.append(" AND search LIKE :q ESCAPE '\\'");
            params.put("q", "%" + QueryParams.escapeLike(filter.q().toLowerCase(Locale.ROOT)) + "%");
        }
        if (filter.inactiveSince() != null) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM user_activity a WHERE a.user_id = user_list.user_id"
                    + " AND a.last_activity_at >= :inactiveSince)");
            params.put("inactiveSince", filter.inactiveSince().atOffset(java.time.ZoneOffset.UTC));
        }
        if (filter.activeSince() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM user_activity a WHERE a.user_id = user_list.user_id"
                    + " AND a.last_activity_at >= :activeSince)");
            params.put("activeSince", filter.activeSince().atOffset(java.time.ZoneOffset.UTC));
        }
        if (filter.scopeOrganization() != null) {
            sql.append(" AND organization_id = ANY(:scopeOrganizations)");
            params.put("scopeOrganizations", organizations.subtreeIds(filter.scopeOrganization()));
        }
        if (filter.self() != null) {
            sql.append(" AND user_id = :self");
            params.put("self", filter.self());
        }
        if (after != null) {
            sql.append(" AND (created_at, user_id) > (:afterCreatedAt, :afterId)");
            params.put("afterCreatedAt", after.createdAt().atOffset(java.time.ZoneOffset.UTC));
            params.put("afterId", after.id());
        }
        sql.append(" ORDER BY created_at, user_id LIMIT :limit");
        params.put("limit", limit + 1);
        List<UserView> rows = jdbc.sql(sql.toString()).params(params).query(mapper).list();
        return Page.of(rows, limit, last -> new Cursor(last.createdAt(), last.id()));
    }

    private UserView map(ResultSet rs, int row) throws SQLException {
        List<String> roles = roles(rs.getArray("roles"));
        return new UserView(
                rs.getString("user_id"),
                rs.getString("username"),
                rs.getString("first_name"),
                rs.getString("last_name"),
                rs.getString("organization_id"),
                UserType.valueOf(rs.getString("user_type")),
                UserStatus.valueOf(rs.getString("status")),
                rs.getBoolean("activated"),
                roles,
                RoleCatalogue.builtIn().warningsFor(roles),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "last_activity_at"),
                rs.getLong("version"));
    }

    private static List<String> roles(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
