package io.roster.app.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Prometheus gauges for what an operator watches: the event store's head and the progress of each read model's
 * latest rebuild (read models are written in the commands' transactions, so they have no lag to watch). Scrapes read PostgreSQL, so every
 * node reports the same figures; one read serves all gauges of a scrape (cached for a second).
 */
@Component
class ReadModelMetrics implements MeterBinder {

    private static final long FRESH_NANOS = 1_000_000_000L;

    private final ProcessorStatus status;
    private final JdbcClient jdbc;
    private volatile Snapshot snapshot;

    ReadModelMetrics(ProcessorStatus status, JdbcClient jdbc) {
        this.status = status;
        this.jdbc = jdbc;
    }

    private record Replay(long processed, long total, double percent, boolean running) {
    }

    private record Snapshot(long takenAt, long head, Map<String, Replay> replays) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("roster.event.store.head", this, metrics -> metrics.current().head())
                .description("Global index of the newest event in the event store").register(registry);
        for (String name : ReplayService.TABLES.keySet()) {
            replayGauge(registry, "roster.replay.processed.events", name, "Events the latest rebuild has handled",
                    Replay::processed);
            replayGauge(registry, "roster.replay.total.events", name, "Events the latest rebuild has to handle",
                    Replay::total);
            replayGauge(registry, "roster.replay.percent", name, "Progress of the latest rebuild", Replay::percent);
            replayGauge(registry, "roster.replay.running", name, "1 while a rebuild runs", r -> r.running() ? 1 : 0);
        }
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
        Snapshot fresh = new Snapshot(System.nanoTime(), status.head(), replays);
        snapshot = fresh;
        return fresh;
    }
}
