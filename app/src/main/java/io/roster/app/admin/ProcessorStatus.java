package io.roster.app.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where every event processor stands, for the whole cluster: positions come from the token store (shared by all
 * nodes), the head from the event store, errors from the processors running on this node.
 */
@Component
public class ProcessorStatus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;

    ProcessorStatus(EventProcessingConfiguration processing, JdbcClient jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    public record Segment(int segment, String owner, Long position) {
    }

    public record Processor(String name, String kind, boolean replayable, boolean runningHere, String status,
                            Long position, long head, Long lagEvents, Double lagSeconds, List<Segment> segments,
                            List<String> errors) {
    }

    public List<Processor> all() {
        long head = jdbc.sql("SELECT coalesce(max(globalindex), 0) FROM domainevententry").query(Long.class).single();
        Map<String, EventProcessor> processors = new TreeMap<>(processing.eventProcessors());
        List<Processor> result = new ArrayList<>();
        processors.forEach((name, processor) -> result.add(describe(name, processor, head)));
        return result;
    }

    private Processor describe(String name, EventProcessor processor, long head) {
        if (!(processor instanceof StreamingEventProcessor streaming)) {
            return new Processor(name, "subscribing", false, processor.isRunning(),
                    processor.isError() ? "ERROR" : "IN_TRANSACTION", head, head, 0L, 0.0, List.of(), List.of());
        }
        List<Segment> segments = jdbc.sql("SELECT segment, owner, token FROM tokenentry WHERE processorname = ? ORDER BY segment")
                .param(name)
                .query((rs, row) -> new Segment(rs.getInt(1), rs.getString(2), position(rs.getBytes(3)))).list();
        // every segment reads the whole stream; idle segments store their token lazily, so the furthest segment
        // tells how far the processor has read
        Long position = segments.stream().map(Segment::position).filter(java.util.Objects::nonNull)
                .max(Long::compare).orElse(null);
        Long lagEvents = position == null ? null : Math.max(0, head - position);
        Double lagSeconds = null;
        if (position != null) {
            lagSeconds = lagEvents == 0 ? 0.0 : jdbc.sql("SELECT timestamp FROM domainevententry WHERE globalindex > ?"
                            + " ORDER BY globalindex LIMIT 1").param(position).query(String.class).optional()
                    .map(timestamp -> Duration.between(Instant.parse(timestamp), Instant.now()).toMillis() / 1000.0)
                    .orElse(0.0);
        }
        List<String> errors = new ArrayList<>();
        boolean replaying = false;
        for (EventTrackerStatus status : streaming.processingStatus().values()) {
            if (status.isErrorState()) {
                errors.add(String.valueOf(status.getError()));
            }
            replaying |= status.isReplaying();
        }
        String status = !errors.isEmpty() ? "ERROR" : replaying ? "REPLAYING"
                : lagEvents != null && lagEvents == 0 ? "CAUGHT_UP" : "CATCHING_UP";
        return new Processor(name, "tracking", streaming.supportsReset(), processor.isRunning(), status, position, head,
                lagEvents, lagSeconds, segments, errors);
    }

    /** The global index a serialized token stands at (a replay token reports where it has got to). */
    static Long position(byte[] token) {
        if (token == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(token);
            JsonNode current = node.has("currentToken") ? node.path("currentToken") : node;
            JsonNode index = current.findValue("index");
            return index == null || index.isNull() ? null : index.asLong();
        } catch (IOException e) {
            return null;
        }
    }
}
