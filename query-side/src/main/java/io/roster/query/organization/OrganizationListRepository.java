package io.roster.query.organization;

import io.roster.api.OrganizationStatus;
import io.roster.api.OrganizationView;
import io.roster.query.common.Cursor;
import io.roster.query.common.Page;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

@Repository
class OrganizationListRepository {

    private static final String COLUMNS = "organization_id, name, parent_id, root, status, created_at, updated_at, version, "
            + "deactivated_user_retention";

    private final JdbcClient jdbc;

    private final Organizations organizations;

    OrganizationListRepository(JdbcClient jdbc, Organizations organizations) {
        this.jdbc = jdbc;
        this.organizations = organizations;
    }

    private record Row(String id, String name, String parentId, boolean root, OrganizationStatus status,
                       Instant createdAt, Instant updatedAt, long version, String retention) {
        OrganizationView withChildren(List<String> children) {
            return new OrganizationView(id, name, parentId, root, status, children, retention, createdAt, updatedAt,
                    version);
        }
    }

    Optional<OrganizationView> find(String organizationId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM organization_list WHERE organization_id = ?")
                .param(organizationId).query(this::map).optional()
                .map(row -> withChildren(List.of(row)).get(0));
    }

    /** {@code scopeOrganization} limits the list to that organization's subtree (null: no limit). */
    Page<OrganizationView> list(String parentId, OrganizationStatus status, String scopeOrganization, Cursor after,
                                int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM organization_list WHERE true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (scopeOrganization != null) {
            sql.append(" AND organization_id = ANY(:scope)");
            params.put("scope", organizations.subtreeIds(scopeOrganization));
        }
        if (parentId != null) {
            sql.append(" AND parent_id = :parentId");
            params.put("parentId", parentId);
        }
        if (status != null) {
            sql.append(" AND status = :status");
            params.put("status", status.name());
        }
        if (after != null) {
            sql.append(" AND (created_at, organization_id) > (:afterCreatedAt, :afterId)");
            params.put("afterCreatedAt", after.createdAt().atOffset(ZoneOffset.UTC));
            params.put("afterId", after.id());
        }
        sql.append(" ORDER BY created_at, organization_id LIMIT :limit");
        params.put("limit", limit + 1);
        List<Row> rows = jdbc.sql(sql.toString()).params(params).query(this::map).list();
        Page<Row> page = Page.of(rows, limit, last -> new Cursor(last.createdAt(), last.id()));
        return new Page<>(withChildren(page.items()), page.nextCursor());
    }

    /** Children of every row in one query, ordered by name. */
    private List<OrganizationView> withChildren(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        String[] ids = rows.stream().map(Row::id).toArray(String[]::new);
        Map<String, List<String>> children = jdbc.sql("""
                        SELECT parent_id, organization_id FROM organization_list
                        WHERE parent_id = ANY(:ids) ORDER BY name, organization_id""")
                .param("ids", ids)
                .query((rs, n) -> Map.entry(rs.getString("parent_id"), rs.getString("organization_id")))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, LinkedHashMap::new,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return rows.stream().map(row -> row.withChildren(children.getOrDefault(row.id(), List.of()))).toList();
    }

    private Row map(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString("organization_id"), rs.getString("name"), rs.getString("parent_id"),
                rs.getBoolean("root"), OrganizationStatus.valueOf(rs.getString("status")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getLong("version"),
                rs.getString("deactivated_user_retention"));
    }
}
