package io.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A bearer token that renews itself half-way through its life, so a long run never sends an expired one: Keycloak's
 * admin tokens live 60 s by default, Roster's 5 minutes. Workers read it on every request without locking.
 */
final class BearerToken {

    /** A token endpoint's answer: {@code access_token} and {@code expires_in} (seconds). */
    interface Source {
        JsonNode fetch() throws Exception;
    }

    private record Current(String value, long renewAt) {
    }

    private final Source source;
    private volatile Current current;

    BearerToken(Source source) {
        this.source = source;
    }

    String get() throws Exception {
        Current token = current;
        if (token == null || System.nanoTime() >= token.renewAt()) {
            token = renew();
        }
        return token.value();
    }

    private synchronized Current renew() throws Exception {
        Current token = current;
        if (token != null && System.nanoTime() < token.renewAt()) {
            return token; // another worker renewed it meanwhile
        }
        JsonNode answer = source.fetch();
        long lifeNanos = answer.path("expires_in").asLong(60) * 1_000_000_000L;
        current = new Current(answer.path("access_token").asText(), System.nanoTime() + lifeNanos / 2);
        return current;
    }
}
