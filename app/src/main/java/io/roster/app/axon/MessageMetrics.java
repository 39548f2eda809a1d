package io.roster.app.axon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters and timers of one command bus or event processor, registered once and then only incremented.
 * <p>
 * Axon's {@code MessageCountingMonitor}, {@code MessageTimerMonitor} and {@code EventProcessorLatencyMonitor} look
 * their meters up in the registry for every message, and the timers keep client-side percentile histograms: at
 * 1,000 events/s that was about a sixth of the processors' CPU (LagBench, JFR). These meters keep Axon's names
 * ({@code <prefix>.ingestedCounter}, {@code .successCounter}, {@code .failureCounter}, {@code .processedCounter},
 * {@code .ignoredCounter}, {@code .allTimer}, {@code .successTimer}, {@code .failureTimer}, {@code .ignoredTimer},
 * {@code .latency}); timers publish count, total and max, and percentiles are left to the monitoring system.
 */
final class MessageMetrics implements MessageMonitor<Message<?>> {

    private final Counter ingested;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter processed;
    private final Counter ignored;
    private final Timer all;
    private final Timer successTimer;
    private final Timer failureTimer;
    private final Timer ignoredTimer;
    /** Age in ms of the last event handled, when it was handled (event processors only). */
    private final AtomicLong latency;

    MessageMetrics(String prefix, MeterRegistry registry, boolean events) {
        ingested = registry.counter(prefix + ".ingestedCounter");
        succeeded = registry.counter(prefix + ".successCounter");
        failed = registry.counter(prefix + ".failureCounter");
        processed = registry.counter(prefix + ".processedCounter");
        ignored = registry.counter(prefix + ".ignoredCounter");
        all = registry.timer(prefix + ".allTimer");
        successTimer = registry.timer(prefix + ".successTimer");
        failureTimer = registry.timer(prefix + ".failureTimer");
        ignoredTimer = registry.timer(prefix + ".ignoredTimer");
        latency = events ? new AtomicLong() : null;
        if (events) {
            Gauge.builder(prefix + ".latency", latency, AtomicLong::get).baseUnit("milliseconds").register(registry);
        }
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        ingested.increment();
        long started = System.nanoTime();
        Instant occurred = latency != null && message instanceof EventMessage<?> event ? event.getTimestamp() : null;
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                done(succeeded, successTimer);
            }

            @Override
            public void reportFailure(Throwable cause) {
                done(failed, failureTimer);
            }

            @Override
            public void reportIgnored() {
                ignored.increment();
                record(ignoredTimer);
            }

            private void done(Counter outcome, Timer timer) {
                outcome.increment();
                processed.increment();
                record(timer);
                if (occurred != null) {
                    latency.set(Math.max(0, System.currentTimeMillis() - occurred.toEpochMilli()));
                }
            }

            private void record(Timer timer) {
                long elapsed = System.nanoTime() - started;
                timer.record(elapsed, TimeUnit.NANOSECONDS);
                all.record(elapsed, TimeUnit.NANOSECONDS);
            }
        };
    }
}
