package io.roster.command.seats;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;

/** Activity reported from elsewhere: the latest wins, an older report changes nothing. */
@Component
class ReportedActivity {

    private final JdbcClient jdbc;

    ReportedActivity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void report(String userId, Instant at, String kind, String source) {
        jdbc.sql("""
                        INSERT INTO user_activity (user_id, last_activity_at, last_kind, last_source) VALUES (?, ?, ?, ?)
                        ON CONFLICT (user_id) DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at,
                               last_kind = EXCLUDED.last_kind, last_source = EXCLUDED.last_source
                        WHERE user_activity.last_activity_at < EXCLUDED.last_activity_at""")
                .params(userId, at.atOffset(ZoneOffset.UTC), kind, source).update();
    }
}
