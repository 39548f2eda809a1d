package io.roster.app.scim;

import io.roster.query.roles.CustomRoleList;
import io.roster.roles.RoleCatalogue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Users as SCIM resources, read from the user list (deleted users do not exist for SCIM). */
@Component
class ScimUserStore {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final List<String> FILTERABLE = List.of("userName", "externalId", "active", "id");
    private static final String COLUMNS = "user_id, username, first_name, last_name, status, user_type, roles, external_id,"
            + " created_at, updated_at, version";

    private final JdbcClient jdbc;
    private final CustomRoleList customRoles;

    ScimUserStore(JdbcClient jdbc, CustomRoleList customRoles) {
        this.customRoles = customRoles;
        this.jdbc = jdbc;
    }

    /** A user's row in the user list (written in the command's own transaction, so it shows every change made). */
    record Row(String id, String userName, String givenName, String familyName, boolean active, String userType,
               List<String> roles, String externalId, OffsetDateTime created, OffsetDateTime modified, long version) {
    }

    Optional<Row> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_list WHERE user_id = ? AND status <> 'DELETED'")
                .param(id).query(this::row).optional();
    }

    Row require(String id) {
        return find(id).orElseThrow(() -> ScimException.notFound("no user " + id));
    }

    record Page(long total, List<Row> rows) {
    }

    Page list(ScimFilter filter, int startIndex, int count) {
        StringBuilder where = new StringBuilder(" FROM user_list WHERE status <> 'DELETED'");
        List<Object> params = new ArrayList<>();
        for (ScimFilter.Comparison comparison : filter.comparisons()) {
            switch (comparison.attribute()) {
                case "userName" -> {
                    where.append(" AND username_lower = ?");
                    params.add(String.valueOf(comparison.value()).toLowerCase(Locale.ROOT));
                }
                case "externalId" -> {
                    where.append(comparison.value() == null ? " AND external_id IS NULL" : " AND external_id = ?");
                    if (comparison.value() != null) {
                        params.add(String.valueOf(comparison.value()));
                    }
                }
                case "id" -> {
                    where.append(" AND user_id = ?");
                    params.add(String.valueOf(comparison.value()));
                }
                case "active" -> {
                    if (!(comparison.value() instanceof Boolean active)) {
                        throw ScimException.invalidFilter("active compares with true or false");
                    }
                    where.append(active ? " AND status = 'ACTIVE'" : " AND status = 'DEACTIVATED'");
                }
                default -> throw ScimException.invalidFilter("cannot filter on " + comparison.attribute());
            }
        }
        long total = jdbc.sql("SELECT count(*)" + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(count);
        pageParams.add(startIndex - 1);
        List<Row> rows = count == 0 ? List.of() : jdbc.sql("SELECT " + COLUMNS + where
                        + " ORDER BY created_at, user_id LIMIT ? OFFSET ?")
                .params(pageParams).query(this::row).list();
        return new Page(total, rows);
    }

    /** The SCIM representation (RFC 7643 §4.1), with its location under {@code base}. */
    static Map<String, Object> resource(Row row, String base, Map<String, String> roleNames) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("schemas", List.of(USER_SCHEMA));
        user.put("id", row.id());
        if (row.externalId() != null) {
            user.put("externalId", row.externalId());
        }
        user.put("userName", row.userName());
        Map<String, Object> name = new LinkedHashMap<>();
        name.put("givenName", row.givenName());
        name.put("familyName", row.familyName());
        name.put("formatted", row.givenName() + " " + row.familyName());
        user.put("name", name);
        user.put("displayName", row.givenName() + " " + row.familyName());
        user.put("active", row.active());
        user.put("userType", row.userType());
        user.put("emails", List.of(Map.of("value", row.userName(), "type", "work", "primary", true)));
        user.put("groups", row.roles().stream().map(role -> Map.of("value", role,
                "display", roleNames.getOrDefault(role, role), "$ref", base + "/Groups/" + role)).toList());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceType", "User");
        meta.put("created", row.created().toInstant().toString());
        meta.put("lastModified", row.modified().toInstant().toString());
        meta.put("version", etag(row.version()));
        meta.put("location", base + "/Users/" + row.id());
        user.put("meta", meta);
        return user;
    }

    /** Role ids to names: built-in roles and custom roles. */
    Map<String, String> roleNames() {
        Map<String, String> names = new LinkedHashMap<>();
        RoleCatalogue.builtIn().roles().forEach(role -> names.put(role.id(), role.name()));
        names.putAll(customRoles.names());
        return names;
    }

    static String etag(long version) {
        return "W/\"" + version + "\"";
    }

    private Row row(ResultSet rs, int index) throws SQLException {
        return new Row(rs.getString("user_id"), rs.getString("username"), rs.getString("first_name"),
                rs.getString("last_name"), "ACTIVE".equals(rs.getString("status")), rs.getString("user_type"),
                Arrays.asList((String[]) rs.getArray("roles").getArray()), rs.getString("external_id"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getLong("version"));
    }
}
