package io.roster.app.admin;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every event processor and the tables it writes. All of them run in the commands' own transactions, so each one is
 * exactly at the event store's head whenever a command has committed: there is no position or lag to report, only
 * whether it is running here, and which ones a rebuild may replay (read models, never e-mail, webhooks or processes).
 */
@Component
public class ProcessorStatus {

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;

    ProcessorStatus(EventProcessingConfiguration processing, JdbcClient jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    public record Processor(String name, String kind, boolean replayable, boolean running, String status, long head,
                            List<String> tables) {
    }

    public List<Processor> all() {
        long head = head();
        Map<String, EventProcessor> processors = new TreeMap<>(processing.eventProcessors());
        List<Processor> result = new ArrayList<>();
        processors.forEach((name, processor) -> result.add(new Processor(name, "in-transaction",
                ReplayService.TABLES.containsKey(name), processor.isRunning(),
                processor.isError() ? "ERROR" : processor.isRunning() ? "IN_TRANSACTION" : "STOPPED", head,
                ReplayService.TABLES.getOrDefault(name, List.of()))));
        return result;
    }

    /** The global index of the newest event. */
    public long head() {
        return jdbc.sql("SELECT coalesce(max(globalindex), 0) FROM domainevententry").query(Long.class).single();
    }
}
