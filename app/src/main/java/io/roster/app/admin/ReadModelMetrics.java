package io.roster.app.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Prometheus gauges for what an operator watches: the event store's head, each processor's position and lag
 * (events and seconds), and the progress of each read model's latest rebuild. Scrapes read PostgreSQL, so every
 * node reports the same figures; one read serves all gauges of a scrape (cached for a second).
 */
@Component
class ReadModelMetrics implements MeterBinder {

    private static final long FRESH_NANOS = 1_000_000_000L;

    private final ProcessorStatus status;
    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;
    private volatile Snapshot snapshot;

    ReadModelMetrics(ProcessorStatus status, EventProcessingConfiguration processing, JdbcClient jdbc) {
        this.status = status;
        this.processing = processing;
        this.jdbc = jdbc;
    }

    private record Replay(long processed, long total, double percent, boolean running) {
    }

    private record Snapshot(long takenAt, long head, Map<String, ProcessorStatus.Processor> processors,
                            Map<String, Replay> replays) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("roster.event.store.head", this, metrics -> metrics.current().head())
                .description("Global index of the newest event in the event store").register(registry);
        for (String name : processing.eventProcessors().keySet()) {
            processorGauge(registry, "roster.processor.position", name, "Global index the processor has reached",
                    processor -> processor.position() == null ? Double.NaN : processor.position());
            processorGauge(registry, "roster.processor.lag.events", name, "Events the processor has yet to handle",
                    processor -> processor.lagEvents() == null ? Double.NaN : processor.lagEvents());
            processorGauge(registry, "roster.processor.lag.seconds", name, "Age of the oldest event not yet handled",
                    processor -> processor.lagSeconds() == null ? Double.NaN : processor.lagSeconds());
        }
        for (String name : ReplayService.TABLES.keySet()) {
            replayGauge(registry, "roster.replay.processed.events", name, "Events the latest rebuild has handled",
                    Replay::processed);
            replayGauge(registry, "roster.replay.total.events", name, "Events the latest rebuild has to handle",
                    Replay::total);
            replayGauge(registry, "roster.replay.percent", name, "Progress of the latest rebuild", Replay::percent);
            replayGauge(registry, "roster.replay.running", name, "1 while a rebuild runs", r -> r.running() ? 1 : 0);
        }
    }

    private void processorGauge(MeterRegistry registry, String metric, String name, String description,
                                ToDoubleFunction<ProcessorStatus.Processor> value) {
        Gauge.builder(metric, this, metrics -> {
                    ProcessorStatus.Processor processor = metrics.current().processors().get(name);
                    return processor == null ? Double.NaN : value.applyAsDouble(processor);
                })
                .tag("processor", name).description(description).register(registry);
    }

    private void replayGauge(MeterRegistry registry, String metric, String name, String description,
                             ToDoubleFunction<Replay> value) {
        Gauge.builder(metric, this, metrics -> {
                    Replay replay = metrics.current().replays().get(name);
                    return replay == null ? 0 : value.applyAsDouble(replay);
                })
                .tag("processor", name).description(description).register(registry);
    }

    private Snapshot current() {
        Snapshot known = snapshot;
        if (known != null && System.nanoTime() - known.takenAt() < FRESH_NANOS) {
            return known;
        }
        List<ProcessorStatus.Processor> processors = status.all();
        Map<String, Replay> replays = jdbc.sql("""
                        SELECT DISTINCT ON (processor) processor, processed, total, state FROM replay_job
                        ORDER BY processor, started_at DESC""")
                .query((rs, row) -> {
                    long total = Math.max(rs.getLong(3), rs.getLong(2));
                    return Map.entry(rs.getString(1), new Replay(rs.getLong(2), total,
                            total == 0 ? 100.0 : 100.0 * rs.getLong(2) / total,
                            List.of("RUNNING", "SWAPPING").contains(rs.getString(4))));
                })
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Snapshot fresh = new Snapshot(System.nanoTime(),
                processors.stream().mapToLong(ProcessorStatus.Processor::head).max().orElse(0),
                processors.stream().collect(Collectors.toMap(ProcessorStatus.Processor::name, p -> p)), replays);
        snapshot = fresh;
        return fresh;
    }
}
