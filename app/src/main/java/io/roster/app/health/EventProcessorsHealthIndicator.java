package io.roster.app.health;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether every event processor is subscribed to the event store on this node. They run in the commands'
 * transactions, so there is no position to fall behind: one that is not running means commands would commit events
 * without its read model, and the component is DOWN.
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
            details.put(processor.getName(), detail);
        }
        return (healthy ? Health.up() : Health.down()).withDetails(details).build();
    }
}
