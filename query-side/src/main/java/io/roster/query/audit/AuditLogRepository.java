package io.roster.query.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.roster.query.common.Cursor;
import io.roster.query.organization.Organizations;
import io.roster.query.common.Page;
import io.roster.query.common.QueryParams;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

/**
 * Audit queries: newest first, every filter combinable, keyset paging on (occurred_at, id). Display names of
 * people are looked up at read time; a deleted person appears as "deleted user &lt;id&gt;", never by name, and a
 * person outside the reader's scope (moved out of an organization-scoped reader's subtree) by id only.
 */
@Repository
class AuditLogRepository {

    /**
     * {@code %1$s} and {@code %2$s} say whether the acting and the target person are within the reader's scope: a
     * person's name is shown only while they are, since the entry stays readable after they move away.
     */
    private static final String SELECT = """
            SELECT a.id, a.occurred_at, a.event_type, a.summary, a.actor_id, a.actor_type, a.actor_login,
                   a.target_type, a.target_id, a.target_organization_id, a.changes::text AS changes, a.request_id,
                   a.source_ip, actor.username AS actor_username, target.username AS target_username,
                   (actor.user_id IS NOT NULL AND NOT (%1$s)) AS actor_out_of_scope,
                   (target.user_id IS NOT NULL AND NOT (%2$s)) AS target_out_of_scope,
                   org.name AS target_org_name, client.name AS client_name
            FROM audit_log a
            LEFT JOIN user_list actor ON actor.user_id = a.actor_id AND a.actor_type IN ('USER', 'SUPPORT_USER')
            LEFT JOIN user_list target ON target.user_id = a.target_id AND a.target_type = 'USER'
            LEFT JOIN organization_list org ON org.organization_id = a.target_id AND a.target_type = 'ORGANIZATION'
            LEFT JOIN api_client_list client ON client.api_client_id = a.target_id AND a.target_type = 'API_CLIENT'
            WHERE true""";

    record Filter(List<String> actorTypes, String actorId, String actorUsername, String targetId, String organizationId,
                  String eventType, Instant from, Instant to, String q, String scopeOrganization, String self) {
    }

    record Actor(String id, String type, String typeLabel, String username) {
    }

    record Target(String type, String id, String name, String organizationId) {
    }

    record Entry(long id, Instant occurredAt, String eventType, String summary, Actor actor, Target target,
                 @JsonRawValue String changes, String requestId, String sourceIp) {
    }

    private final NamedParameterJdbcTemplate named;
    /** Fetches in chunks of 1000 rows: exports stream in constant memory. */
    private final NamedParameterJdbcTemplate chunked;

    private final Organizations organizations;

    AuditLogRepository(JdbcTemplate template, Organizations organizations) {
        this.organizations = organizations;
        this.named = new NamedParameterJdbcTemplate(template);
        JdbcTemplate fetching = new JdbcTemplate(template.getDataSource());
        fetching.setFetchSize(1000);
        this.chunked = new NamedParameterJdbcTemplate(fetching);
    }

    Page<Entry> page(Filter filter, Cursor before, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        StringBuilder sql = where(filter, params);
        if (before != null) {
            sql.append(" AND (a.occurred_at, a.id) < (:beforeAt, :beforeId)");
            params.addValue("beforeAt", before.createdAt().atOffset(ZoneOffset.UTC));
            params.addValue("beforeId", Long.parseLong(before.id()));
        }
        sql.append(" ORDER BY a.occurred_at DESC, a.id DESC LIMIT :limit");
        params.addValue("limit", limit + 1);
        List<Entry> rows = named.query(sql.toString(), params, (rs, n) -> map(rs));
        return Page.of(rows, limit, last -> new Cursor(last.occurredAt(), String.valueOf(last.id())));
    }

    /** Streams every match in order through {@code sink}, fetching in chunks: constant memory for any size. */
    void stream(Filter filter, Consumer<Entry> sink) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        StringBuilder sql = where(filter, params).append(" ORDER BY a.occurred_at DESC, a.id DESC");
        chunked.query(sql.toString(), params,
                (RowCallbackHandler) rs -> sink.accept(map(rs)));
    }

    private StringBuilder where(Filter filter, MapSqlParameterSource params) {
        StringBuilder sql = new StringBuilder(SELECT.formatted(inScope("actor", filter), inScope("target", filter)));
        if (filter.actorTypes() != null && !filter.actorTypes().isEmpty()) {
            sql.append(" AND a.actor_type IN (:actorTypes)");
            params.addValue("actorTypes", filter.actorTypes());
        }
        if (filter.actorId() != null) {
            sql.append(" AND a.actor_id = :actorId");
            params.addValue("actorId", filter.actorId());
        }
        if (filter.actorUsername() != null) {
            // only people within the reader's scope are found by their name: the rows found would pair it with an id
            sql.append(" AND (a.actor_login = :actorUsername OR a.actor_id IN (SELECT named.user_id FROM user_list named"
                    + " WHERE named.username_lower = lower(:actorUsername) AND ").append(inScope("named", filter)).append("))");
            params.addValue("actorUsername", filter.actorUsername());
        }
        if (filter.targetId() != null) {
            sql.append(" AND a.target_id = :targetId");
            params.addValue("targetId", filter.targetId());
        }
        if (filter.organizationId() != null) {
            sql.append(" AND a.target_organization_id = :organizationId");
            params.addValue("organizationId", filter.organizationId());
        }
        if (filter.eventType() != null) {
            sql.append(" AND a.event_type = :eventType");
            params.addValue("eventType", filter.eventType());
        }
        if (filter.from() != null) {
            sql.append(" AND a.occurred_at >= :from");
            params.addValue("from", filter.from().atOffset(ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            sql.append(" AND a.occurred_at < :to");
            params.addValue("to", filter.to().atOffset(ZoneOffset.UTC));
        }
        if (filter.q() != null) {
            sql.append(" AND (a.summary ILIKE :q OR a.event_type ILIKE :q)");
            params.addValue("q", "%" + QueryParams.escapeLike(filter.q()) + "%");
        }
        if (filter.scopeOrganization() != null) {
            sql.append(" AND a.target_organization_id = ANY(:scopeOrganizations)");
        }
        if (filter.self() != null) {
            sql.append(" AND (a.actor_id = :self OR a.target_id = :self)");
        }
        params.addValue("scopeOrganizations", filter.scopeOrganization() == null ? null
                : organizations.subtreeIds(filter.scopeOrganization()));
        params.addValue("self", filter.self());
        return sql;
    }

    /**
     * Whether the person in the {@code user_list} row {@code alias} is within the reader's scope now: in the reader's
     * organization subtree, or the reader themselves. Entries are scoped by where their target was at the time, so
     * this second check keeps a person who has since left from being named.
     */
    private static String inScope(String alias, Filter filter) {
        if (filter.scopeOrganization() != null) {
            return alias + ".organization_id = ANY(:scopeOrganizations)";
        }
        if (filter.self() != null) {
            return alias + ".user_id = :self";
        }
        return "true";
    }

    private static Entry map(ResultSet rs) throws SQLException {
        String actorType = rs.getString("actor_type");
        String actorId = rs.getString("actor_id");
        String actorName = switch (actorType) {
            case "USER", "SUPPORT_USER" -> person(rs, "actor", actorId);
            case "API_CLIENT" -> rs.getString("actor_login");
            default -> "system";
        };
        String targetType = rs.getString("target_type");
        String targetId = rs.getString("target_id");
        String targetName = targetType == null ? null : switch (targetType) {
            case "USER" -> person(rs, "target", targetId);
            case "ORGANIZATION" -> rs.getString("target_org_name");
            case "API_CLIENT" -> rs.getString("client_name");
            default -> targetId;
        };
        return new Entry(rs.getLong("id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("event_type"), rs.getString("summary"),
                new Actor(actorId, actorType, label(actorType), actorName),
                targetType == null ? null : new Target(targetType, targetId, targetName, rs.getString("target_organization_id")),
                rs.getString("changes"), rs.getString("request_id"), rs.getString("source_ip"));
    }

    /**
     * The current username of the entry's {@code role} ("actor" or "target") while they are within the reader's
     * scope, none outside it (the id still says who); once deleted, a pseudonym built from the id (never the old
     * e-mail).
     */
    private static String person(ResultSet rs, String role, String id) throws SQLException {
        if (rs.getBoolean(role + "_out_of_scope")) {
            return null;
        }
        String username = rs.getString(role + "_username");
        return username != null ? username : id == null ? null : "deleted user " + id;
    }

    /** Seed 003 calls support staff "Code42 Support User" in the audit log's user-type filter. */
    static String label(String actorType) {
        return switch (actorType) {
            case "SUPPORT_USER" -> "Code42 Support User";
            case "USER" -> "User";
            case "API_CLIENT" -> "API client";
            default -> "System";
        };
    }
}
