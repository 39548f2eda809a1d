package io.roster.command.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Something that exists exactly once per environment, created at the first start by whichever node gets there
 * first: the event store's unique (aggregate, sequence) key lets one creation through, the others find it.
 * Runs after Axon has started and before the web server accepts requests.
 */
public abstract class CreateOnce implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String what;
    private volatile boolean running;

    protected CreateOnce(String what) {
        this.what = what;
    }

    /** Whether it exists, or ever existed (then it is never created again). */
    protected abstract boolean exists();

    /** Sends the creating command; called as the SYSTEM actor. */
    protected abstract void create();

    @Override
    public void start() {
        if (!exists()) {
            RequestActor.system("bootstrap-" + what.replace(' ', '-')).runAs(() -> {
                try {
                    create();
                } catch (RuntimeException e) {
                    if (!exists()) {
                        throw e;
                    }
                    log.info("Another node created the {} first", what);
                }
            });
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
