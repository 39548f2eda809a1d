package io.roster.app.security;

import io.roster.command.user.UsernameHasher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * People signing in at the login page: found by username through the claim table (an HMAC, so no plaintext
 * username is stored for this), with the password hash kept outside the event store. The principal's name is
 * the user id. Deactivated people, and people who never set a password, cannot sign in.
 */
@Component
class PeopleDirectory implements UserDetailsService {

    private final JdbcClient jdbc;
    private final UsernameHasher hasher;

    PeopleDirectory(JdbcClient jdbc, UsernameHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("""
                        SELECT c.user_id, k.password_hash, p.active FROM username_claim c
                        JOIN user_credential k ON k.user_id = c.user_id
                        JOIN security_principal p ON p.principal_id = c.user_id
                        WHERE c.username_hash = ?""")
                .param(hasher.hash(username))
                .query((rs, row) -> User.withUsername(rs.getString(1)).password(rs.getString(2))
                        .disabled(!rs.getBoolean(3)).authorities("ROLE_PERSON").build())
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no person who may sign in has this username"));
    }

    /** The user id behind a username, for recording failed sign-ins without storing the username. */
    java.util.Optional<String> userIdFor(String username) {
        return jdbc.sql("SELECT user_id FROM username_claim WHERE username_hash = ?").param(hasher.hash(username))
                .query(String.class).optional();
    }
}
