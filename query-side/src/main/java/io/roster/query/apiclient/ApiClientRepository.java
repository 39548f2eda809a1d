package io.roster.query.apiclient;

import io.roster.api.ApiClientView;
import io.roster.query.common.Cursor;
import io.roster.query.common.Page;
import io.roster.roles.RoleCatalogue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

@Repository
class ApiClientRepository {

    private static final String COLUMNS = "api_client_id, client_id, name, organization_id, roles, status, created_at, "
            + "updated_at, secret_rotated_at, version";

    private final JdbcClient jdbc;

    ApiClientRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ApiClientView> find(String apiClientId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_client_list WHERE api_client_id = ?").param(apiClientId)
                .query(this::map).optional();
    }

    /**
     * A page of the active clients that pass {@code visible}: rows are read in keyset order, a batch at a time,
     * until the page is full or the table ends, so hidden clients never shorten a page nor end the list early.
     */
    Page<ApiClientView> list(Cursor after, int limit, Predicate<ApiClientView> visible) {
        List<ApiClientView> shown = new ArrayList<>();
        Cursor position = after;
        while (shown.size() <= limit) {
            List<ApiClientView> batch = batch(position, limit + 1);
            batch.stream().filter(visible).forEach(shown::add);
            if (batch.size() <= limit) {
                break;
            }
            ApiClientView last = batch.get(batch.size() - 1);
            position = new Cursor(last.createdAt(), last.id());
        }
        return Page.of(shown.size() > limit + 1 ? shown.subList(0, limit + 1) : shown, limit,
                last -> new Cursor(last.createdAt(), last.id()));
    }

    private List<ApiClientView> batch(Cursor after, int size) {
        String sql = "SELECT " + COLUMNS + " FROM api_client_list WHERE status = 'ACTIVE'"
                + (after == null ? "" : " AND (created_at, api_client_id) > (:afterCreatedAt, :afterId)")
                + " ORDER BY created_at, api_client_id LIMIT :limit";
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("limit", size);
        if (after != null) {
            statement = statement.param("afterCreatedAt", after.createdAt().atOffset(ZoneOffset.UTC))
                    .param("afterId", after.id());
        }
        return statement.query(this::map).list();
    }

    private ApiClientView map(ResultSet rs, int row) throws SQLException {
        List<String> roles = Arrays.asList((String[]) rs.getArray("roles").getArray());
        return new ApiClientView(rs.getString("api_client_id"), rs.getString("client_id"), rs.getString("name"),
                rs.getString("organization_id"), roles, RoleCatalogue.builtIn().warningsFor(roles),
                rs.getString("status"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getObject("secret_rotated_at", OffsetDateTime.class).toInstant(), rs.getLong("version"));
    }
}
