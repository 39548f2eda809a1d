package io.roster.query.support;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** When the deletion timers will delete the given people (a read model the command side's retention keeps). */
@Component
class DeletionDueDates {

    private final JdbcClient jdbc;

    DeletionDueDates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Instant> of(Collection<String> userIds) {
        Map<String, Instant> due = new HashMap<>();
        if (userIds.isEmpty()) {
            return due;
        }
        jdbc.sql("SELECT user_id, due_at FROM deletion_timer WHERE user_id IN (:ids)").param("ids", userIds)
                .query(rs -> {
                    due.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
                });
        return due;
    }
}
