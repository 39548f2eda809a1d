package io.roster.query.support;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The Code42 support users of the environment (seed 003) with the moment each deactivated one is deleted: the
 * user list's rows joined with the deletion timers (both read models built from events).
 */
@RestController
@Tag(name = "Support Access")
class SupportUsersController {

    record SupportUser(String id, String username, String firstName, String lastName, String status,
                       Instant createdAt, Instant updatedAt, Instant deletionDueAt) {
    }

    record SupportUsers(List<SupportUser> items) {
    }

    private final JdbcClient jdbc;

    SupportUsersController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/support-access/users")
    @Operation(summary = "Code42 support users, newest first, with the date each deactivated one will be deleted")
    SupportUsers list() {
        return new SupportUsers(jdbc.sql("""
                        SELECT u.user_id, u.username, u.first_name, u.last_name, u.status, u.created_at, u.updated_at,
                               t.due_at
                        FROM user_list u LEFT JOIN deletion_timer t ON t.user_id = u.user_id
                        WHERE u.user_type = 'SUPPORT_USER' AND u.status <> 'DELETED'
                        ORDER BY u.created_at DESC, u.user_id DESC LIMIT 500""")
                .query((rs, row) -> new SupportUser(rs.getString("user_id"), rs.getString("username"),
                        rs.getString("first_name"), rs.getString("last_name"), rs.getString("status"),
                        instant(rs.getObject("created_at", OffsetDateTime.class)),
                        instant(rs.getObject("updated_at", OffsetDateTime.class)),
                        instant(rs.getObject("due_at", OffsetDateTime.class))))
                .list());
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
