package io.roster.query.common;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.PreparedStatementCreatorFactory;
import org.springframework.jdbc.core.SqlParameter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The projections' writes, sent to PostgreSQL in JDBC batches instead of one round trip per statement.
 * <p>
 * Inside a unit of work (the command's, whose events every read model handles in its transaction) or inside
 * {@link #batched(Runnable)} (a replay), statements queue in order and are sent when the unit of work prepares its
 * commit: consecutive runs of the same SQL go as one JDBC batch (PgJDBC rewrites batched INSERTs into multi-row
 * ones), so the order of effects is exactly the order of the handlers. Anything that must see earlier writes reads
 * through {@link #query(Supplier)}, which flushes first. Outside both, a statement runs at once.
 * <p>
 * Write statements are therefore fire-and-forget: a handler never branches on an update count. Conditional
 * effects are expressed in the statement itself (a CTE with RETURNING, a WHERE on the version).
 */
@Component
public class ProjectionWriter {

    private static final String RESOURCE = ProjectionWriter.class.getName() + ".pending";

    private final NamedParameterJdbcTemplate jdbc;
    private final ThreadLocal<Pending> scope = new ThreadLocal<>();

    public ProjectionWriter(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues (or runs) one statement with named parameters. */
    public void update(String sql, Map<String, ?> parameters) {
        Pending pending = pending();
        MapSqlParameterSource source = new MapSqlParameterSource(parameters);
        if (pending == null) {
            jdbc.update(sql, source);
        } else {
            pending.add(sql, source);
        }
    }

    /** Named parameters from name/value pairs (values may be null, unlike {@code Map.of}). */
    public static Map<String, Object> params(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come in name/value pairs");
        }
        Map<String, Object> parameters = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    /** Runs a read after every queued write of this unit of work has been sent. */
    public <T> T query(Supplier<T> read) {
        Pending pending = pending();
        if (pending != null) {
            pending.flush(jdbc);
        }
        return read.get();
    }

    /** Runs {@code work} with its writes queued, and sends them before returning (inside the caller's transaction). */
    public void batched(Runnable work) {
        if (scope.get() != null) {
            work.run();
            return;
        }
        Pending pending = new Pending();
        scope.set(pending);
        try {
            work.run();
            pending.flush(jdbc);
        } finally {
            scope.remove();
        }
    }

    private Pending pending() {
        Pending explicit = scope.get();
        if (explicit != null) {
            return explicit;
        }
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(RESOURCE, key -> {
            Pending created = new Pending();
            root.onPrepareCommit(unitOfWork -> created.flush(jdbc));
            return created;
        });
    }

    /** Statements in handler order; consecutive ones with the same SQL form one batch. */
    private static final class Pending {
        private final List<String> sql = new ArrayList<>();
        private final List<List<SqlParameterSource>> parameters = new ArrayList<>();

        void add(String statement, SqlParameterSource source) {
            int last = sql.size() - 1;
            if (last >= 0 && sql.get(last).equals(statement)) {
                parameters.get(last).add(source);
            } else {
                sql.add(statement);
                List<SqlParameterSource> run = new ArrayList<>();
                run.add(source);
                parameters.add(run);
            }
        }

        /**
         * Runs of one statement go as one JDBC batch; consecutive single statements (a command's handlers write one
         * row each into several tables) go as one multi-statement round trip, which PgJDBC sends as several queries
         * in one exchange. The order of effects stays the handlers' order either way.
         */
        void flush(NamedParameterJdbcTemplate jdbc) {
            List<Integer> singles = new ArrayList<>();
            for (int i = 0; i < sql.size(); i++) {
                List<SqlParameterSource> run = parameters.get(i);
                if (run.size() == 1) {
                    singles.add(i);
                } else {
                    sendTogether(jdbc, singles);
                    singles.clear();
                    jdbc.batchUpdate(sql.get(i), run.toArray(SqlParameterSource[]::new));
                }
            }
            sendTogether(jdbc, singles);
            sql.clear();
            parameters.clear();
        }

        private void sendTogether(NamedParameterJdbcTemplate jdbc, List<Integer> runs) {
            if (runs.isEmpty()) {
                return;
            }
            if (runs.size() == 1) {
                jdbc.update(sql.get(runs.get(0)), parameters.get(runs.get(0)).get(0));
                return;
            }
            StringBuilder combined = new StringBuilder();
            List<SqlParameter> declared = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            for (int run : runs) {
                SqlParameterSource source = parameters.get(run).get(0);
                ParsedSql parsed = NamedParameterUtils.parseSqlStatement(sql.get(run));
                if (!combined.isEmpty()) {
                    // on a line of its own: a statement ending in a -- comment would otherwise swallow the separator
                    combined.append("\n;\n");
                }
                combined.append(NamedParameterUtils.substituteNamedParameters(parsed, source));
                declared.addAll(NamedParameterUtils.buildSqlParameterList(parsed, source));
                values.addAll(java.util.Arrays.asList(NamedParameterUtils.buildValueArray(parsed, source, null)));
            }
            jdbc.getJdbcOperations().update(new PreparedStatementCreatorFactory(combined.toString(), declared)
                    .newPreparedStatementCreator(values));
        }
    }
}
