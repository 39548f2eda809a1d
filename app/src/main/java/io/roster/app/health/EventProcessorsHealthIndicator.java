package io.roster.app.health;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Health of every event processor on this node: running, and for streaming processors the segments this node
 * holds with their position, whether they caught up, and any error. A processor stuck on an error makes the
 * component DOWN, with the error's message in the details.
 */
@Component("eventProcessors")
class EventProcessorsHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;

    EventProcessorsHealthIndicator(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    public Health health() {
        boolean healthy = true;
        Map<String, Object> details = new TreeMap<>();
        for (EventProcessor processor : processing.eventProcessors().values()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("running", processor.isRunning());
            detail.put("error", processor.isError());
            healthy &= processor.isRunning() && !processor.isError();
            if (processor instanceof StreamingEventProcessor streaming) {
                Map<String, Object> segments = new TreeMap<>();
                for (Map.Entry<Integer, EventTrackerStatus> entry : streaming.processingStatus().entrySet()) {
                    EventTrackerStatus status = entry.getValue();
                    Map<String, Object> segment = new LinkedHashMap<>();
                    segment.put("caughtUp", status.isCaughtUp());
                    segment.put("replaying", status.isReplaying());
                    status.getCurrentPosition().ifPresent(position -> segment.put("position", position));
                    if (status.isErrorState()) {
                        healthy = false;
                        segment.put("error", String.valueOf(status.getError().getMessage()));
                    }
                    segments.put(String.valueOf(entry.getKey()), segment);
                }
                detail.put("segmentsClaimedHere", segments);
            }
            details.put(processor.getName(), detail);
        }
        return (healthy ? Health.up() : Health.down()).withDetails(details).build();
    }
}
