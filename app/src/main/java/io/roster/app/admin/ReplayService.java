package io.roster.app.admin;

import io.roster.app.crypto.PersonalDataVault;
import io.roster.command.common.Refusal;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Blue/green rebuild of a read model. The new generation is built from the first event into copies of its tables
 * in a schema of its own (same handlers, their connection's search_path points at the copies), while the live
 * tables keep answering every query. Once it has caught up, one transaction swaps the copies in for the live
 * tables and moves the live processor to where the rebuild stopped; events after that point are re-applied by the
 * live processor (every projection is idempotent). Side-effect processors (e-mail, webhooks, processes) refuse.
 */
@Service
public class ReplayService {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);
    private static final int BATCH = 500;

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

    private final ApplicationContext context;
    private final EventProcessingConfiguration processing;
    private final EventStorageEngine storage;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ParameterResolverFactory parameters;
    private final Serializer serializer;
    private final PersonalDataVault vault;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "replay");
        thread.setDaemon(true);
        return thread;
    });

    ReplayService(ApplicationContext context, EventProcessingConfiguration processing, EventStorageEngine storage,
                  JdbcClient jdbc, TransactionTemplate transactions, org.axonframework.config.Configuration axon,
                  Serializer serializer, PersonalDataVault vault) {
        this.context = context;
        this.processing = processing;
        this.storage = storage;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.parameters = axon.parameterResolverFactory();
        this.serializer = serializer;
        this.vault = vault;
    }

    public record Progress(String id, String processor, String state, long processed, long total, double percent,
                           double eventsPerSecond, Double secondsLeft, String error) {
    }

    /** Starts a rebuild; refused for processors with side effects or one already rebuilding. */
    public Progress start(String processorName) {
        EventProcessor found = processing.eventProcessors().get(processorName);
        if (found == null) {
            throw Refusal.notFound("processor-not-found", "no event processor is named " + processorName);
        }
        if (!(found instanceof StreamingEventProcessor processor) || !processor.supportsReset()
                || !TABLES.containsKey(processorName)) {
            throw Refusal.conflict("replay-not-allowed", processorName + " has side effects (e-mail, webhooks, commands)"
                    + " or keeps no read model: replaying it would repeat them");
        }
        String id = UUID.randomUUID().toString();
        long total = jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
        int created = jdbc.sql("INSERT INTO replay_job (id, processor, state, total) VALUES (?, ?, 'RUNNING', ?)"
                + " ON CONFLICT DO NOTHING").params(id, processorName, total).update();
        if (created == 0) {
            throw Refusal.conflict("replay-running", processorName + " is already being rebuilt");
        }
        runner.execute(() -> run(id, processorName, processor));
        return progress(id).orElseThrow();
    }

    public Optional<Progress> progress(String id) {
        return jdbc.sql("""
                        SELECT id, processor, state, processed, total, extract(epoch FROM (coalesce(finished_at, now()) - started_at)),
                               error FROM replay_job WHERE id = ?""")
                .param(id)
                .query((rs, row) -> {
                    long processed = rs.getLong(4);
                    long total = Math.max(rs.getLong(5), processed);
                    double seconds = Math.max(rs.getDouble(6), 0.001);
                    double rate = processed / seconds;
                    Double left = rs.getString(3).equals("RUNNING") && rate > 0 ? (total - processed) / rate : null;
                    return new Progress(rs.getString(1), rs.getString(2), rs.getString(3), processed, total,
                            total == 0 ? 100.0 : Math.min(100.0, 100.0 * processed / total), rate, left, rs.getString(7));
                })
                .optional();
    }

    private void run(String id, String name, StreamingEventProcessor live) {
        String schema = "rebuild_" + id.replace("-", "").substring(0, 12);
        List<String> tables = TABLES.get(name);
        try {
            Object projection = projectionFor(name);
            AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(projection, parameters);
            transactions.executeWithoutResult(status -> {
                jdbc.sql("CREATE SCHEMA " + schema).update();
                for (String table : tables) {
                    jdbc.sql("CREATE TABLE " + schema + "." + table + " (LIKE public." + table + " INCLUDING ALL)").update();
                    // a bulk load is faster into a table with only the indexes its upserts need; the rest are
                    // built once at the end
                    secondaryIndexes(schema, table).keySet()
                            .forEach(index -> jdbc.sql("DROP INDEX " + schema + "." + index).update());
                }
            });
            TrackingToken position = null;
            long processed = 0;
            boolean more = true;
            while (more) {
                TrackingToken from = position;
                long[] count = new long[1];
                TrackingToken[] last = new TrackingToken[1];
                transactions.executeWithoutResult(status -> {
                    jdbc.sql("SET LOCAL search_path TO " + schema + ", public").update();
                    try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(from, false)) {
                        Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
                        List<TrackedEventMessage<?>> batch = new ArrayList<>(BATCH);
                        while (iterator.hasNext() && batch.size() < BATCH) {
                            batch.add(iterator.next());
                        }
                        List<TrackedEventMessage<?>> handled = batch.stream().filter(handlers::canHandle).toList();
                        // Payloads deserialize lazily; one query fetches the batch's data keys before they do.
                        vault.preload(handled.stream()
                                .filter(event -> event instanceof DomainEventMessage<?>)
                                .map(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier())
                                .toList());
                        for (TrackedEventMessage<?> event : handled) {
                            handlers.handle(event);
                        }
                        if (!batch.isEmpty()) {
                            last[0] = batch.get(batch.size() - 1).trackingToken();
                            count[0] = batch.size();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("rebuilding " + name + " failed", e);
                    }
                });
                if (count[0] == 0) {
                    more = false;
                } else {
                    position = last[0];
                    processed += count[0];
                    jdbc.sql("UPDATE replay_job SET processed = ?, position = ?, updated_at = now() WHERE id = ?")
                            .params(processed, index(position), id).update();
                }
            }
            for (String table : tables) {
                secondaryIndexes("public", table).values()
                        .forEach(definition -> jdbc.sql(inSchema(definition, table, schema)).update());
            }
            swap(id, name, live, schema, tables, position);
            log.info("Rebuilt {} from {} events", name, processed);
        } catch (RuntimeException e) {
            log.error("Rebuilding {} failed", name, e);
            jdbc.sql("UPDATE replay_job SET state = 'FAILED', error = ?, finished_at = now() WHERE id = ?")
                    .params(String.valueOf(e.getMessage()), id).update();
            jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
        }
    }

    /** One transaction: the rebuilt tables replace the live ones, and the live processor continues from there. */
    private void swap(String id, String name, StreamingEventProcessor live, String schema, List<String> tables,
                      TrackingToken position) {
        jdbc.sql("UPDATE replay_job SET state = 'SWAPPING', updated_at = now() WHERE id = ?").param(id).update();
        live.shutDown();
        try {
            transactions.executeWithoutResult(status -> {
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
                if (position != null) {
                    SerializedObject<byte[]> token = serializer.serialize(position, byte[].class);
                    jdbc.sql("UPDATE tokenentry SET token = ?, tokentype = ?, owner = NULL WHERE processorname = ?")
                            .params(token.getData(), token.getType().getName(), name).update();
                }
                jdbc.sql("UPDATE replay_job SET state = 'DONE', finished_at = now(), updated_at = now() WHERE id = ?")
                        .param(id).update();
            });
        } finally {
            live.start();
        }
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
