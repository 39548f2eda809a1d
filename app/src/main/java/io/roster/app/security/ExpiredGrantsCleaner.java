package io.roster.app.security;

import io.roster.command.common.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The authorization server records every token it issues; once a token and its code have expired the record
 * is useless. This removes them (and expired one-time links) periodically, from any node: deletes are idempotent.
 */
@Component
class ExpiredGrantsCleaner extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ExpiredGrantsCleaner.class);

    private final JdbcClient jdbc;

    ExpiredGrantsCleaner(JdbcClient jdbc, @Value("${roster.security.cleanup-interval:PT10M}") Duration interval) {
        super("expired-grants-cleaner", interval);
        this.jdbc = jdbc;
    }

    @Override
    protected void runOnce() {
        try {
            int grants = jdbc.sql("""
                    DELETE FROM oauth2_authorization
                    WHERE greatest(access_token_expires_at, authorization_code_expires_at, refresh_token_expires_at)
                          < now() - interval '1 hour'""").update();
            int links = jdbc.sql("DELETE FROM activation_token WHERE expires_at < now() - interval '30 days'").update();
            // a revoked token past its expiry is refused by its time anyway
            jdbc.sql("DELETE FROM revoked_access_token WHERE expires_at < now() - interval '1 hour'").update();
            if (grants + links > 0) {
                log.debug("Removed {} expired token records and {} expired links", grants, links);
            }
        } catch (RuntimeException e) {
            log.warn("Cleaning expired grants failed; trying again later: {}", e.getMessage());
        }
    }
}
