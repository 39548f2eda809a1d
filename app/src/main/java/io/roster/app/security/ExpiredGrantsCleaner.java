package io.roster.app.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The authorization server records every token it issues; once a token and its code have expired the record
 * is useless. This removes them (and expired one-time links) periodically, from any node: deletes are idempotent.
 */
@Component
class ExpiredGrantsCleaner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExpiredGrantsCleaner.class);

    private final JdbcClient jdbc;
    private final Duration interval;
    private ScheduledExecutorService executor;
    private volatile boolean running;

    ExpiredGrantsCleaner(JdbcClient jdbc, @Value("${roster.security.cleanup-interval:PT10M}") Duration interval) {
        this.jdbc = jdbc;
        this.interval = interval;
    }

    void clean() {
        try {
            int grants = jdbc.sql("""
                    DELETE FROM oauth2_authorization
                    WHERE greatest(access_token_expires_at, authorization_code_expires_at, refresh_token_expires_at)
                          < now() - interval '1 hour'""").update();
            int links = jdbc.sql("DELETE FROM activation_token WHERE expires_at < now() - interval '30 days'").update();
            if (grants + links > 0) {
                log.debug("Removed {} expired token records and {} expired links", grants, links);
            }
        } catch (RuntimeException e) {
            log.warn("Cleaning expired grants failed; trying again later: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "expired-grants-cleaner");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::clean, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        executor.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
