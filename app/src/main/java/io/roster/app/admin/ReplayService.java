package io.roster.app.admin;

import io.roster.app.axon.AxonConfiguration;
import io.roster.app.crypto.PersonalDataVault;
import io.roster.command.common.ReadModelLocks;
import io.roster.command.common.Refusal;
import io.roster.query.common.ProjectionWriter;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Blue/green rebuild of a read model. The new generation is built from the first event into copies of its tables
 * in a schema of its own (same handlers, their connection's search_path points at the copies), while the live
 * tables keep answering every query and commands keep writing them. Once the copies have caught up, one short
 * transaction takes the read model's lock exclusively ({@link ReadModelLocks}: commands writing it wait), applies the
 * events committed meanwhile to the copies, and swaps them in for the live tables. Side-effect processors (e-mail,
 * webhooks, processes) refuse.
 */
@Service
public class ReplayService {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);
    /** Events per rebuild transaction, read with one query and written as a few JDBC batches. */
    private static final int BATCH = 2000;
    /** A job whose node stopped updating it for this long is abandoned: another start may take over. */
    private static final String ABANDONED_AFTER = "2 minutes";
    /** Catching up without the lock stops once fewer events than this remain: the swap applies those under it. */
    private static final int CLOSE_ENOUGH = 200;
    /**
     * How long the swap waits for a lock. A command waiting for the read model's lock queues behind the swap, so
     * the swap gives up rather than stall writers for long (a transaction holding a table the swap needs, and then
     * waiting for the read model's lock, would otherwise deadlock with it), catches up again and retries.
     */
    private static final String SWAP_LOCK_TIMEOUT = "1s";
    /**
     * Once the swap holds the read model's lock, no writer holds its tables any more: whoever still does is a reader,
     * such as an export streaming for as long as its client reads. Every writer waits while the swap does, so it waits
     * for a reader only this long and gives way.
     */
    private static final String READER_LOCK_TIMEOUT = "100ms";
    private static final int SWAP_ATTEMPTS = 20;
    /** PostgreSQL's lock_not_available (a lock timeout) and deadlock_detected. */
    private static final List<String> GAVE_WAY = List.of("55P03", "40P01");

    /** The tables each rebuildable read model owns. */
    static final Map<String, List<String>> TABLES = Map.of(
            "user-list", List.of("user_list"),
            "organization-list", List.of("organization_list"),
            "api-client-list", List.of("api_client_list"),
            "custom-role-list", List.of("custom_role_list"),
            "support-access-view", List.of("support_access_view"),
            "seat-usage", List.of("seat_license_view", "seat_org_limit", "seat_holder", "seat_change"),
            "audit-log", List.of("audit_log", "audit_user_organization"),
            "deletion-timers", List.of("retention_org", "retention_user", "deletion_timer"));

    /**
     * Read models loaded in one part, in the event store's order. The parts of a load run in parallel, each with the
     * events of some aggregates, so a part sees only its own aggregates' earlier events: a read model whose rows join
     * what several aggregates said cannot be split. A deletion timer is a user's deactivation under the retention its
     * organizations set; split, a deactivation handled before its organization's retention (in another part, not yet
     * committed) got no timer, and the retention, handled before the deactivation committed, found no user to time.
     */
    private static final Set<String> ONE_PART = Set.of("deletion-timers");

    private final ApplicationContext context;
    private final EventProcessingConfiguration processing;
    private final EventStorageEngine reader;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ParameterResolverFactory parameters;
    private final PersonalDataVault vault;
    private final ProjectionWriter writer;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "replay");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService indexBuilders = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), runnable -> {
                Thread thread = new Thread(runnable, "replay-index");
                thread.setDaemon(true);
                return thread;
            });
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "replay-part");
        thread.setDaemon(true);
        return thread;
    });

    private final ReadModelLocks locks;

    ReplayService(ApplicationContext context, EventProcessingConfiguration processing, JdbcClient jdbc,
                  TransactionTemplate transactions, org.axonframework.config.Configuration axon, Serializer serializer,
                  ConnectionProvider connections, TransactionManager axonTransactions, PersonalDataVault vault,
                  ProjectionWriter writer, ReadModelLocks locks) {
        this.context = context;
        this.processing = processing;
        this.reader = AxonConfiguration.storageEngine(serializer, connections, axonTransactions, axon)
                .batchSize(BATCH).build();
        this.locks = locks;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.parameters = axon.parameterResolverFactory();
        this.vault = vault;
        this.writer = writer;
    }

    public record Progress(String id, String processor, String state, long processed, long total, double percent,
                           double eventsPerSecond, Double secondsLeft, Long swapStallMillis, String error) {
    }

    /** Starts a rebuild; refused for processors with side effects or one already rebuilding. */
    public Progress start(String processorName) {
        if (!processing.eventProcessors().containsKey(processorName)) {
            throw Refusal.notFound("processor-not-found", "no event processor is named " + processorName);
        }
        if (!TABLES.containsKey(processorName)) {
            throw Refusal.conflict("replay-not-allowed", processorName + " has side effects (e-mail, webhooks, commands)"
                    + " or keeps no read model: replaying it would repeat them");
        }
        abandonStale(processorName);
        String id = UUID.randomUUID().toString();
        long total = jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
        int created = jdbc.sql("INSERT INTO replay_job (id, processor, state, total) VALUES (?, ?, 'RUNNING', ?)"
                + " ON CONFLICT DO NOTHING").params(id, processorName, total).update();
        if (created == 0) {
            throw Refusal.conflict("replay-running", processorName + " is already being rebuilt");
        }
        runner.execute(() -> run(id, processorName));
        return progress(id).orElseThrow();
    }

    /** Jobs whose node died (no progress for a while) are marked failed and their half-built tables dropped. */
    private void abandonStale(String processorName) {
        jdbc.sql("UPDATE replay_job SET state = 'FAILED', error = 'abandoned: the node running it stopped', finished_at = now()"
                        + " WHERE processor = ? AND state IN ('RUNNING', 'SWAPPING') AND updated_at < now() - interval '"
                        + ABANDONED_AFTER + "' RETURNING id")
                .param(processorName).query(String.class).list()
                .forEach(abandoned -> jdbc.sql("DROP SCHEMA IF EXISTS " + schemaOf(abandoned) + " CASCADE").update());
    }

    private static String schemaOf(String jobId) {
        return "rebuild_" + jobId.replace("-", "").substring(0, 12);
    }

    public Optional<Progress> progress(String id) {
        return jdbc.sql("""
                        SELECT id, processor, state, processed, total, extract(epoch FROM (coalesce(finished_at, now()) - started_at)),
                               error, swap_stall_millis FROM replay_job WHERE id = ?""")
                .param(id)
                .query((rs, row) -> {
                    long processed = rs.getLong(4);
                    long total = Math.max(rs.getLong(5), processed);
                    double seconds = Math.max(rs.getDouble(6), 0.001);
                    double rate = processed / seconds;
                    Double left = rs.getString(3).equals("RUNNING") && rate > 0 ? (total - processed) / rate : null;
                    return new Progress(rs.getString(1), rs.getString(2), rs.getString(3), processed, total,
                            total == 0 ? 100.0 : Math.min(100.0, 100.0 * processed / total), rate, left,
                            rs.getObject(8, Long.class), rs.getString(7));
                })
                .optional();
    }

    private void run(String id, String name) {
        String schema = schemaOf(id);
        List<String> tables = TABLES.get(name);
        try {
            Object projection = projectionFor(name);
            AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(projection, parameters);
            transactions.executeWithoutResult(status -> {
                jdbc.sql("CREATE SCHEMA " + schema).update();
                for (String table : tables) {
                    jdbc.sql("CREATE TABLE " + schema + "." + table + " (LIKE public." + table + " INCLUDING ALL)")
                            .update();
                    // a bulk load is faster into a table with only the indexes its upserts need; the rest are
                    // built once at the end
                    secondaryIndexes(schema, table).keySet()
                            .forEach(index -> jdbc.sql("DROP INDEX " + schema + "." + index).update());
                }
            });
            long started = System.nanoTime();
            Segment[] segments = ONE_PART.contains(name) ? new Segment[] {Segment.ROOT_SEGMENT} : parts();
            AtomicLongArray scanned = new AtomicLongArray(segments.length);
            List<Future<TrackingToken>> parts = new ArrayList<>();
            for (int i = 0; i < segments.length; i++) {
                int part = i;
                parts.add(workers.submit(() -> rebuildSegment(id, name, schema, handlers, segments[part], part, scanned)));
            }
            TrackingToken position = null;
            for (Future<TrackingToken> part : parts) {
                TrackingToken reached = await(part);
                // each part stopped at the head it saw; catching up re-applies what lies between (idempotent)
                position = position == null ? reached : reached == null ? null : position.lowerBound(reached);
            }
            long processed = max(scanned);
            long loaded = System.nanoTime();
            List<Future<?>> indexes = new ArrayList<>();
            for (String table : tables) {
                heartbeat(id);

                // index builds are CPU-bound sorts: one per core at a time
                for (String definition : secondaryIndexes("public", table).values()) {
                    indexes.add(indexBuilders.submit(() -> {
                        heartbeat(id);
                        transactions.executeWithoutResult(status -> {
                            jdbc.sql("SET LOCAL maintenance_work_mem = '128MB'").update();
                            jdbc.sql(inSchema(definition, table, schema)).update();
                        });
                    }));
                }
            }
            indexes.forEach(ReplayService::await);
            // fresh tables have no statistics: without them the planner guesses, and a filtered list page over a
            // million rows took seconds instead of milliseconds until autovacuum came by (ReplayBench)
            for (String table : tables) {
                jdbc.sql("ANALYZE " + schema + "." + table).update();
            }
            long indexed = System.nanoTime();
            position = catchUp(id, name, schema, handlers, position);
            long stall = swap(id, name, handlers, schema, tables, position);
            log.info("Rebuilt {} from {} events: loaded in {} ms, logged and indexed in {} ms, caught up and swapped in"
                            + " {} ms, writers held back for {} ms", name, processed, (loaded - started) / 1_000_000,
                    (indexed - loaded) / 1_000_000, (System.nanoTime() - indexed) / 1_000_000, stall);
        } catch (RuntimeException e) {
            log.error("Rebuilding {} failed", name, e);
            jdbc.sql("UPDATE replay_job SET state = 'FAILED', error = ?, finished_at = now() WHERE id = ?")
                    .params(String.valueOf(e.getMessage()), id).update();
            jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
        }
    }

    private record Batch(int size, TrackingToken last) {
    }

    /**
     * One part per core, split the way Axon splits segments (by aggregate identifier), so each aggregate's events stay
     * in order in one part.
     */
    private static Segment[] parts() {
        int parts = Math.max(1, Runtime.getRuntime().availableProcessors());
        return Segment.splitBalanced(Segment.ROOT_SEGMENT, parts - 1).toArray(Segment[]::new);
    }

    /** Rebuilds one part from the first event to the head; answers the position it reached. */
    private TrackingToken rebuildSegment(String id, String name, String schema, AnnotationEventHandlerAdapter handlers,
                                         Segment segment, int part, AtomicLongArray scanned) {
        TrackingToken position = null;
        while (true) {
            Batch batch = rebuildBatch(id, name, schema, handlers, segment, position, part, scanned);
            if (batch.size() == 0) {
                return position;
            }
            position = batch.last();
        }
    }

    /** One transaction: the next events after {@code from}, those of this part handled into the rebuild schema. */
    private Batch rebuildBatch(String id, String name, String schema, AnnotationEventHandlerAdapter handlers,
                               Segment segment, TrackingToken from, int part, AtomicLongArray scanned) {
        return transactions.execute(status -> {
            // a lost rebuild batch is simply rebuilt again: no need to wait for the disk at each commit
            jdbc.sql("SELECT set_config('synchronous_commit', 'off', true)").query(rs -> { });
            Batch batch = applyNext(name, schema, handlers, segment, from);
            if (batch.size() > 0) {
                scanned.addAndGet(part, batch.size());
                jdbc.sql("UPDATE replay_job SET processed = ?, position = ?, updated_at = now() WHERE id = ?")
                        .params(min(scanned), index(batch.last()), id).update();
            }
            return batch;
        });
    }

    /**
     * In the caller's transaction: reads the next events after {@code from} and applies those of the segment to the
     * copies in {@code schema}. Answers how many events it read and the position after them.
     */
    private Batch applyNext(String name, String schema, AnnotationEventHandlerAdapter handlers, Segment segment,
                            TrackingToken from) {
        String searchPath = jdbc.sql("SELECT current_setting('search_path')").query(String.class).single();
        // the handlers' unqualified table names resolve to the copies; bulk statements are planned once per
        // connection rather than per execution
        jdbc.sql("SELECT set_config('search_path', ?, true), set_config('plan_cache_mode', 'auto', true)")
                .param(schema + ", public").query(rs -> { });
        try (Stream<? extends TrackedEventMessage<?>> events = reader.readEvents(from, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            List<TrackedEventMessage<?>> batch = new ArrayList<>(BATCH);
            // size first: asking hasNext() past the batch would fetch the next one for nothing
            while (batch.size() < BATCH && iterator.hasNext()) {
                batch.add(iterator.next());
            }
            List<TrackedEventMessage<?>> handled = batch.stream()
                    .filter(event -> inSegment(segment, event) && handlers.canHandle(event)).toList();
            // Payloads deserialize lazily; one query fetches the batch's data keys before they do.
            vault.preload(handled.stream()
                    .filter(event -> event instanceof DomainEventMessage<?>)
                    .map(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier())
                    .toList());
            writer.batched(() -> handled.forEach(event -> handle(handlers, event)));
            return batch.isEmpty() ? new Batch(0, from) : new Batch(batch.size(), batch.get(batch.size() - 1).trackingToken());
        } catch (RuntimeException e) {
            throw new IllegalStateException("rebuilding " + name + " failed: " + e.getMessage(), e);
        } finally {
            jdbc.sql("SELECT set_config('search_path', ?, true)").param(searchPath).query(rs -> { });
        }
    }

    /**
     * Applies what commands committed while the copies were loaded, without holding anyone back, until only a few
     * events remain for the swap to apply under the lock.
     */
    private TrackingToken catchUp(String id, String name, String schema, AnnotationEventHandlerAdapter handlers,
                                  TrackingToken from) {
        TrackingToken position = from;
        while (true) {
            TrackingToken start = position;
            Batch batch = transactions.execute(status -> applyNext(name, schema, handlers, Segment.ROOT_SEGMENT, start));
            heartbeat(id);
            position = batch.last();
            if (batch.size() < CLOSE_ENOUGH) {
                return position;
            }
        }
    }

    /** Axon's rule for segments: events of one aggregate in one segment; others in the first. */
    private static boolean inSegment(Segment segment, TrackedEventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain ? segment.matches(domain.getAggregateIdentifier())
                : segment.getSegmentId() == 0;
    }

    private static long min(AtomicLongArray values) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < values.length(); i++) {
            min = Math.min(min, values.get(i));
        }
        return min;
    }

    private static long max(AtomicLongArray values) {
        long max = 0;
        for (int i = 0; i < values.length(); i++) {
            max = Math.max(max, values.get(i));
        }
        return max;
    }

    private static <T> T await(Future<T> part) {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rebuilding", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private void heartbeat(String id) {
        jdbc.sql("UPDATE replay_job SET updated_at = now() WHERE id = ?").param(id).update();
    }

    private static void handle(AnnotationEventHandlerAdapter handlers, TrackedEventMessage<?> event) {
        try {
            handlers.handle(event);
        } catch (Exception e) {
            throw new IllegalStateException("handling event " + event.getIdentifier() + " failed", e);
        }
    }

    /**
     * One short transaction: with the read model's writers held back, the copies take the last events and replace the
     * live tables. A lock that cannot be had within {@link #SWAP_LOCK_TIMEOUT} makes the swap give way to the writers,
     * catch up again and retry. Answers how long writers were held back, in milliseconds: from each attempt's request
     * for the lock, including the attempts that gave way.
     */
    private long swap(String id, String name, AnnotationEventHandlerAdapter handlers, String schema, List<String> tables,
                      TrackingToken from) {
        jdbc.sql("UPDATE replay_job SET state = 'SWAPPING', updated_at = now() WHERE id = ?").param(id).update();
        TrackingToken position = from;
        // writers are held back from the moment the swap asks for the read model's lock (PostgreSQL queues later
        // shared requests behind a waiting exclusive one), in attempts that give way too
        long heldBack = 0;
        for (int attempt = 1; ; attempt++) {
            long asked = System.nanoTime();
            try {
                TrackingToken start = position;
                long before = heldBack;
                return transactions.execute(status -> swapOnce(id, name, handlers, schema, tables, start, before));
            } catch (RuntimeException e) {
                if (!gaveWay(e)) {
                    throw e;
                }
                heldBack += System.nanoTime() - asked;
                if (attempt == SWAP_ATTEMPTS) {
                    throw new IllegalStateException("the swap could not get its locks in " + SWAP_ATTEMPTS + " attempts", e);
                }
                log.info("Swapping {} gave way (attempt {}): {}", name, attempt, e.getMessage());
                pause(Math.min(200L * attempt, 2000));
                heartbeat(id);
                position = catchUp(id, name, schema, handlers, position);
            }
        }
    }

    /**
     * A lock the swap could not have in time. Spring translates PostgreSQL's lock timeout to no exception of its own
     * (an uncategorized one), so the SQL state decides.
     */
    private static boolean gaveWay(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PessimisticLockingFailureException
                    || cause instanceof java.sql.SQLException sql && GAVE_WAY.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while giving way", e);
        }
    }

    private long swapOnce(String id, String name, AnnotationEventHandlerAdapter handlers, String schema,
                          List<String> tables, TrackingToken from, long heldBackBefore) {
        jdbc.sql("SELECT set_config('lock_timeout', ?, true)").param(SWAP_LOCK_TIMEOUT).query(rs -> { });
        long asked = System.nanoTime();
        locks.exclude(name);
        jdbc.sql("SELECT set_config('lock_timeout', ?, true)").param(READER_LOCK_TIMEOUT).query(rs -> { });
        jdbc.sql("LOCK TABLE " + String.join(", ", tables.stream().map(table -> "public." + table).toList())
                + " IN ACCESS EXCLUSIVE MODE").update();
        // every writer of this read model has committed or waits: what the event store holds now is all there is
        TrackingToken position = from;
        for (Batch batch = applyNext(name, schema, handlers, Segment.ROOT_SEGMENT, position); batch.size() > 0;
             batch = applyNext(name, schema, handlers, Segment.ROOT_SEGMENT, position)) {
            position = batch.last();
        }
        if (name.equals("deletion-timers")) {
            // claims and refusals are the runner's writes, not events': carry them over onto the same timers (a timer
            // recomputed since was unclaimed by its handler, live and rebuilt alike)
            jdbc.sql("UPDATE " + schema + ".deletion_timer n SET claimed_until = o.claimed_until, reason = o.reason"
                    + " FROM public.deletion_timer o WHERE n.user_id = o.user_id AND n.due_at = o.due_at"
                    + " AND n.on_behalf_of_id IS NOT DISTINCT FROM o.on_behalf_of_id AND o.claimed_until IS NOT NULL")
                    .update();
        }
        if (name.equals("audit-log")) {
            // sign-ins are not events: carry them over into the rebuilt log
            jdbc.sql("INSERT INTO " + schema + ".audit_log SELECT * FROM public.audit_log WHERE source = 'SIGN_IN'")
                    .update();
        }
        for (String table : tables) {
            Map<String, String> liveIndexes = indexShapes("public", table);
            Map<String, String> rebuiltIndexes = indexShapes(schema, table);
            // the copy's serial columns draw from the live table's sequences: keep them through the drop
            List<String[]> sequences = jdbc.sql("""
                            SELECT s.relname, a.attname FROM pg_class s
                            JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a'
                            JOIN pg_class t ON t.oid = d.refobjid
                            JOIN pg_namespace n ON n.oid = t.relnamespace
                            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                            WHERE s.relkind = 'S' AND n.nspname = 'public' AND t.relname = ?""")
                    .param(table)
                    .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)}).list();
            sequences.forEach(sequence -> jdbc.sql("ALTER SEQUENCE public." + sequence[0] + " OWNED BY NONE").update());
            jdbc.sql("DROP TABLE public." + table).update();
            jdbc.sql("ALTER TABLE " + schema + "." + table + " SET SCHEMA public").update();
            sequences.forEach(sequence -> jdbc.sql("ALTER SEQUENCE public." + sequence[0] + " OWNED BY public."
                    + table + "." + sequence[1]).update());
            // keep the index names the migrations gave them
            rebuiltIndexes.forEach((shape, rebuiltName) -> {
                String liveName = liveIndexes.get(shape);
                if (liveName != null && !liveName.equals(rebuiltName)) {
                    jdbc.sql("ALTER INDEX public." + rebuiltName + " RENAME TO " + liveName).update();
                }
            });
        }
        jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
        long stall = (heldBackBefore + System.nanoTime() - asked) / 1_000_000;
        jdbc.sql("UPDATE replay_job SET state = 'DONE', finished_at = now(), updated_at = now(), swap_stall_millis = ?"
                + " WHERE id = ?").params(stall, id).update();
        return stall;
    }

    /** Name to definition of the table's indexes that enforce nothing (neither primary key nor unique). */
    private Map<String, String> secondaryIndexes(String schema, String table) {
        Map<String, String> indexes = new java.util.LinkedHashMap<>();
        jdbc.sql("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = ? AND tablename = ?"
                        + " AND indexdef NOT LIKE 'CREATE UNIQUE %' ORDER BY indexname")
                .params(schema, table)
                .query(rs -> {
                    indexes.put(rs.getString(1), rs.getString(2));
                });
        return indexes;
    }

    /** The live index's definition, pointed at the rebuilt table (index names are per schema, so it keeps its name). */
    static String inSchema(String definition, String table, String schema) {
        String target = " ON public." + table + " ";
        int at = definition.indexOf(target);
        if (at < 0 || !definition.startsWith("CREATE INDEX ")) {
            throw new IllegalStateException("unexpected index definition: " + definition);
        }
        return definition.substring(0, at) + " ON " + schema + "." + table + " " + definition.substring(at + target.length());
    }

    /** Index definitions without their names, mapped to the index name. */
    private Map<String, String> indexShapes(String schema, String table) {
        Map<String, String> shapes = new java.util.HashMap<>();
        jdbc.sql("SELECT indexname, regexp_replace(indexdef, '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+', '\\1') FROM pg_indexes"
                        + " WHERE schemaname = ? AND tablename = ?")
                .params(schema, table)
                .query(rs -> {
                    shapes.put(rs.getString(2), rs.getString(1));
                });
        return shapes;
    }

    private static Long index(TrackingToken token) {
        return token instanceof GapAwareTrackingToken gapAware ? gapAware.getIndex()
                : token == null ? null : token.position().orElse(0);
    }

    private Object projectionFor(String name) {
        return context.getBeansWithAnnotation(ProcessingGroup.class).values().stream()
                .filter(bean -> name.equals(org.springframework.aop.support.AopUtils.getTargetClass(bean)
                        .getAnnotation(ProcessingGroup.class).value()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no handler bean for " + name));
    }
}
