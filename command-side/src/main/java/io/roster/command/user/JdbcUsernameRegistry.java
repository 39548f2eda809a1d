package io.roster.command.user;

import io.roster.command.common.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

@Component
class JdbcUsernameRegistry implements UsernameRegistry {

    private final JdbcClient jdbc;
    private final UsernameHasher hasher;

    JdbcUsernameRegistry(JdbcClient jdbc, UsernameHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
    }

    @Override
    public void claim(String username, String userId) {
        String hash = hasher.hash(username);
        // ON CONFLICT waits for a racing transaction on the same key to end, then sees its outcome
        int inserted = jdbc.sql("INSERT INTO username_claim (username_hash, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(hash, userId).update();
        if (inserted == 0) {
            String holder = jdbc.sql("SELECT user_id FROM username_claim WHERE username_hash = ?")
                    .param(hash).query(String.class).optional().orElse(null);
            if (!userId.equals(holder)) {
                throw Refusal.conflict("duplicate-username",
                        "username " + username + " is already taken (usernames are unique regardless of case)",
                        "username");
            }
        }
    }

    @Override
    public void releaseAllBut(String userId, String keptUsername) {
        if (keptUsername == null) {
            jdbc.sql("DELETE FROM username_claim WHERE user_id = ?").param(userId).update();
        } else {
            jdbc.sql("DELETE FROM username_claim WHERE user_id = ? AND username_hash <> ?")
                    .params(userId, hasher.hash(keptUsername)).update();
        }
    }
}
