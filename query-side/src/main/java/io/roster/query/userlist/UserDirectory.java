package io.roster.query.userlist;

import io.roster.events.UserType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What other features ask of the user list; the user list's package alone names its table. */
@Component
public class UserDirectory {

    /** A person holding a role, as SCIM lists group members. */
    public record Member(String userId, String username) {
    }

    /** Who an e-mail greets: the username (their address) and first name. */
    public record Person(String username, String firstName) {
    }

    /** A user as an import compares a row with it. */
    public record Listed(String userId, String usernameLower, String firstName, String lastName, String organizationId,
                         List<String> roles, String status, UserType userType) {
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

    /** The username of a person not deleted, as it is now. */
    public Optional<String> username(String userId) {
        return jdbc.sql("SELECT username FROM user_list WHERE user_id = ? AND status <> 'DELETED' AND username IS NOT NULL")
                .param(userId).query(String.class).optional();
    }

    /** An active person with a username, as it is now (it may have changed since creation). */
    public Optional<Person> activePerson(String userId) {
        return jdbc.sql("SELECT username, first_name FROM user_list WHERE user_id = ? AND status = 'ACTIVE'")
                .param(userId).query((rs, row) -> new Person(rs.getString(1), rs.getString(2))).optional()
                .filter(person -> person.username() != null);
    }

    /** The users not deleted with these lower-case usernames, a thousand names per query. */
    public List<Listed> byUsernames(Collection<String> lowerCaseUsernames) {
        List<Listed> found = new ArrayList<>();
        List<String> all = new ArrayList<>(lowerCaseUsernames);
        for (int from = 0; from < all.size(); from += 1000) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 1000));
            found.addAll(jdbc.sql("""
                            SELECT username_lower, user_id, first_name, last_name, organization_id, roles, status, user_type
                            FROM user_list WHERE username_lower = ANY(?) AND status <> 'DELETED'""")
                    .param(chunk.toArray(String[]::new))
                    .query((rs, row) -> new Listed(rs.getString(2), rs.getString(1), rs.getString(3), rs.getString(4),
                            rs.getString(5), Arrays.asList((String[]) rs.getArray(6).getArray()), rs.getString(7),
                            UserType.valueOf(rs.getString(8))))
                    .list());
        }
        return found;
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
