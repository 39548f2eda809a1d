package io.roster.app.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.app.imports.ImportPlanner.Action;
import io.roster.app.imports.ImportPlanner.Existing;
import io.roster.app.imports.ImportPlanner.Outcome;
import io.roster.app.imports.ImportPlanner.Plan;
import io.roster.app.imports.ImportPlanner.Wanted;
import io.roster.command.common.IdGenerator;
import io.roster.command.common.Refusal;
import io.roster.command.common.RequestActor;
import io.roster.command.organization.OrganizationDirectory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CSV uploads: parsed and checked at once with the caller's rights (a bad row never stops the others); a dry run
 * answers the per-row plan, a real run becomes a job of rows that any node carries out ({@link ImportRunner}).
 */
@Service
class ImportService {

    static final int MAX_ROWS = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImportPlanner planner;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final IdGenerator ids;
    private final OrganizationDirectory directory;
    private final JdbcTemplate batches;

    ImportService(ImportPlanner planner, JdbcClient jdbc, TransactionTemplate transactions, IdGenerator ids,
                  OrganizationDirectory directory, JdbcTemplate batches) {
        this.planner = planner;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.ids = ids;
        this.directory = directory;
        this.batches = batches;
    }

    /** One row's result; {@code username} is the user's id once that user has been deleted. */
    record RowResult(int row, String username, String outcome, String reason, String userId) {
    }

    record Report(String id, String state, boolean dryRun, String mode, String action, int total, int done,
                  int created, int updated, int unchanged, int failed, double percent, List<RowResult> rows,
                  Integer nextAfter) {
    }

    /**
     * A checked row: its plan now, (when it passed the checks) what it asks for, and the existing user it names (so
     * that the row can forget the username when that user is deleted, see {@link ImportRowEraser}).
     */
    private record Checked(int row, String username, Wanted wanted, Plan plan, String userId) {
        Checked(int row, String username, Wanted wanted, Plan plan) {
            this(row, username, wanted, plan, null);
        }
    }

    Report dryRun(String csv, Action mode, Action action) {
        List<Checked> checked = check(csv, mode, action);
        List<RowResult> rows = checked.stream()
                .map(row -> new RowResult(row.row(), row.username(), row.plan().outcome().name(), row.plan().reason(), null))
                .toList();
        return report(null, "DRY_RUN", true, mode, action, rows, rows, null);
    }

    /** Stores the job and its rows (failed ones already decided) in one transaction; answers its id. */
    String start(String csv, Action mode, Action action) {
        List<Checked> checked = check(csv, mode, action);
        String id = ids.newId();
        RequestActor actor = RequestActor.current();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                            INSERT INTO import_job (id, mode, action, state, total, actor_id, actor_type, actor_username,
                                                    request_id, source_ip)
                            VALUES (?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?)""")
                    .params(id, mode.name().toLowerCase(Locale.ROOT), action == null ? null : action.name().toLowerCase(Locale.ROOT),
                            checked.size(), actor.actorId(), actor.actorType().name(), actor.actorUsername(),
                            actor.requestId(), actor.sourceIp())
                    .update();
            // one JDBC batch for the rows (a file may have a million), not a round trip each
            List<Object[]> rows = checked.stream().map(row -> {
                boolean failed = row.plan().outcome() == Outcome.FAILED;
                return new Object[] {id, row.row(), row.username(), failed ? null : json(row.wanted()),
                        failed ? "FAILED" : "PENDING", row.plan().reason(), failed ? row.userId() : null};
            }).toList();
            batches.batchUpdate("INSERT INTO import_row (job_id, row_number, username, fields, status, reason, user_id)"
                    + " VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, ?)", rows);
        });
        return id;
    }

    private List<Checked> check(String csv, Action mode, Action action) {
        List<List<String>> records = CsvReader.parse(csv);
        if (records.isEmpty()) {
            throw Refusal.invalid("body", "invalid-csv", "the file is empty: a header row "
                    + String.join(",", ImportPlanner.COLUMNS) + " and one row per user are expected");
        }
        List<String> header = records.get(0).stream().map(String::trim).toList();
        for (String column : header) {
            if (!ImportPlanner.COLUMNS.contains(column)) {
                throw Refusal.invalid("header", "invalid-csv", "unknown column '" + column + "'; the columns are "
                        + String.join(", ", ImportPlanner.COLUMNS));
            }
        }
        if (!header.contains("username")) {
            throw Refusal.invalid("header", "invalid-csv", "the header row must name a username column");
        }
        if (records.size() - 1 > MAX_ROWS) {
            throw Refusal.invalid("body", "too-many-rows", "at most " + MAX_ROWS + " rows per file");
        }
        ImportPlanner.OrganizationNames organizations = planner.organizations();
        List<String> domains = directory.allowedDomains();
        Action defaultAction = action != null ? action : mode;
        List<Checked> checked = new ArrayList<>();
        Map<Integer, Wanted> valid = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), c < record.size() ? record.get(c) : "");
            }
            String username = row.getOrDefault("username", "").trim();
            if (record.size() > header.size()) {
                checked.add(new Checked(i, username, null, Plan.failed("more fields than the header has columns")));
                continue;
            }
            try {
                Wanted wanted = planner.validate(row, defaultAction, organizations, domains);
                if (!seen.add(wanted.username().toLowerCase(Locale.ROOT))) {
                    checked.add(new Checked(i, username, null, Plan.failed("username repeated from an earlier row")));
                    continue;
                }
                valid.put(i, wanted);
                checked.add(new Checked(i, wanted.username(), wanted, null));
            } catch (Refusal refusal) {
                checked.add(new Checked(i, username, null, Plan.failed(refusal.getMessage())));
            }
        }
        Map<String, Existing> existing = planner.existing(valid.values().stream()
                .map(wanted -> wanted.username().toLowerCase(Locale.ROOT)).toList());
        List<Checked> planned = new ArrayList<>(checked.size());
        for (Checked row : checked) {
            if (row.wanted() == null) {
                planned.add(row);
                continue;
            }
            Existing current = existing.get(row.wanted().username().toLowerCase(Locale.ROOT));
            Plan plan;
            try {
                plan = planner.authorized(row.wanted(), current);
            } catch (Refusal refusal) {
                plan = Plan.failed(refusal.getMessage());
            }
            planned.add(new Checked(row.row(), row.username(), row.wanted(), plan,
                    current == null ? null : current.userId()));
        }
        return planned;
    }

    Optional<Report> report(String id, Integer after, int limit) {
        return jdbc.sql("SELECT state, mode, action, total FROM import_job WHERE id = ?").param(id)
                .query((rs, row) -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)})
                .optional()
                .map(job -> {
                    Map<String, Integer> counts = new LinkedHashMap<>();
                    jdbc.sql("SELECT status, count(*) FROM import_row WHERE job_id = ? GROUP BY status").param(id)
                            .query(rs -> {
                                counts.put(rs.getString(1), rs.getInt(2));
                            });
                    List<RowResult> rows = jdbc.sql("""
                                    SELECT row_number, coalesce(username, user_id), status, reason, user_id FROM import_row
                                    WHERE job_id = ? AND row_number > ? ORDER BY row_number LIMIT ?""")
                            .params(id, after == null ? 0 : after, limit + 1)
                            .query((rs, row) -> new RowResult(rs.getInt(1), rs.getString(2), rs.getString(3),
                                    rs.getString(4), rs.getString(5)))
                            .list();
                    Integer next = rows.size() > limit ? rows.get(limit - 1).row() : null;
                    return counted(id, (String) job[0], Action.valueOf(((String) job[1]).toUpperCase(Locale.ROOT)),
                            job[2] == null ? null : Action.valueOf(((String) job[2]).toUpperCase(Locale.ROOT)),
                            (Integer) job[3], counts, rows.size() > limit ? rows.subList(0, limit) : rows, next);
                });
    }

    /** Every failed row with its reason. */
    /** Who uploaded the job, if it exists. */
    Optional<String> uploader(String id) {
        return jdbc.sql("SELECT actor_id FROM import_job WHERE id = ?").param(id).query(String.class).optional();
    }

    List<RowResult> failures(String id) {
        return jdbc.sql("SELECT row_number, coalesce(username, user_id), status, reason, user_id FROM import_row"
                        + " WHERE job_id = ? AND status = 'FAILED' ORDER BY row_number")
                .param(id)
                .query((rs, row) -> new RowResult(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .list();
    }

    private static Report report(String id, String state, boolean dryRun, Action mode, Action action,
                                 List<RowResult> all, List<RowResult> shown, Integer next) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        all.forEach(row -> counts.merge(row.outcome(), 1, Integer::sum));
        return build(id, state, dryRun, mode, action, all.size(), counts, shown, next);
    }

    private static Report counted(String id, String state, Action mode, Action action, int total,
                                  Map<String, Integer> counts, List<RowResult> shown, Integer next) {
        return build(id, state, false, mode, action, total, counts, shown, next);
    }

    private static Report build(String id, String state, boolean dryRun, Action mode, Action action, int total,
                                Map<String, Integer> counts, List<RowResult> rows, Integer next) {
        int created = counts.getOrDefault("CREATED", 0);
        int updated = counts.getOrDefault("UPDATED", 0);
        int unchanged = counts.getOrDefault("UNCHANGED", 0);
        int failed = counts.getOrDefault("FAILED", 0);
        int done = dryRun ? total : created + updated + unchanged + failed;
        return new Report(id, state, dryRun, mode.name().toLowerCase(Locale.ROOT),
                action == null ? null : action.name().toLowerCase(Locale.ROOT), total, done, created, updated,
                unchanged, failed, total == 0 ? 100.0 : Math.round(1000.0 * done / total) / 10.0, rows, next);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T fromJson(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
