package io.roster.query.userlist;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What other features ask of the user list; the user list's package alone names its table. */
@Component
public class UserDirectory {

    /** A person holding a role, as SCIM lists group members. */
    public record Member(String userId, String username) {
    }

    public record SupportUser(String id, String username, String firstName, String lastName, String status,
                              Instant createdAt, Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    UserDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Usernames of the given people as they are now; an erased person has none and is left out. */
    public Map<String, String> usernames(Collection<String> userIds) {
        Map<String, String> names = new HashMap<>();
        if (userIds.isEmpty()) {
            return names;
        }
        jdbc.sql("SELECT user_id, username FROM user_list WHERE user_id IN (:ids) AND username IS NOT NULL")
                .param("ids", userIds)
                .query(rs -> {
                    names.put(rs.getString(1), rs.getString(2));
                });
        return names;
    }

    /** People not deleted who hold the role, oldest first. */
    public List<Member> holdersOf(String roleId) {
        return jdbc.sql("""
                        SELECT user_id, username FROM user_list WHERE roles @> ARRAY[CAST(? AS text)]
                        AND status <> 'DELETED' ORDER BY created_at, user_id""")
                .param(roleId)
                .query((rs, row) -> new Member(rs.getString(1), rs.getString(2)))
                .list();
    }

    /** Support users not deleted, newest first, at most 500. */
    public List<SupportUser> supportUsers() {
        return jdbc.sql("""
                        SELECT user_id, username, first_name, last_name, status, created_at, updated_at FROM user_list
                        WHERE user_type = 'SUPPORT_USER' AND status <> 'DELETED'
                        ORDER BY created_at DESC, user_id DESC LIMIT 500""")
                .query((rs, row) -> new SupportUser(rs.getString("user_id"), rs.getString("username"),
                        rs.getString("first_name"), rs.getString("last_name"), rs.getString("status"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
