package io.roster.command.user;

import io.roster.command.common.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

@Component
class JdbcCredentials implements Credentials {

    private final JdbcClient jdbc;

    JdbcCredentials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> userForToken(String tokenHash) {
        return jdbc.sql("SELECT user_id FROM activation_token WHERE token_hash = ? AND used_at IS NULL AND expires_at > now()")
                .param(tokenHash).query(String.class).optional();
    }

    @Override
    public void consumeToken(String tokenHash, String userId) {
        int used = jdbc.sql("""
                        UPDATE activation_token SET used_at = now()
                        WHERE token_hash = ? AND user_id = ? AND used_at IS NULL AND expires_at > now()""")
                .params(tokenHash, userId).update();
        if (used == 0) {
            throw invalidLink();
        }
        // one password per link: every other open link of this person stops working too
        endOpenLinks(userId);
    }

    @Override
    public void issueLink(String userId, String tokenHash, String purpose, Instant expiresAt) {
        // the user's open links end as this one is issued: one statement, both seeing the table as it was before
        jdbc.sql("""
                        WITH ended AS (UPDATE activation_token SET used_at = now() WHERE user_id = ? AND used_at IS NULL)
                        INSERT INTO activation_token (token_hash, user_id, purpose, expires_at) VALUES (?, ?, ?, ?)""")
                .params(userId, tokenHash, userId, purpose, expiresAt.atOffset(ZoneOffset.UTC)).update();
    }

    @Override
    public void endOpenLinks(String userId) {
        jdbc.sql("UPDATE activation_token SET used_at = now() WHERE user_id = ? AND used_at IS NULL").param(userId).update();
    }

    static Refusal invalidLink() {
        return Refusal.gone("invalid-link", "this link is unknown, was already used, or has expired: ask an administrator"
                + " for a new invitation or password reset");
    }

    @Override
    public void storePassword(String userId, String passwordHash) {
        jdbc.sql("""
                        INSERT INTO user_credential (user_id, password_hash, updated_at) VALUES (?, ?, now())
                        ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = now()""")
                .params(userId, passwordHash).update();
    }
}
