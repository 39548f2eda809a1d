package io.roster.command.common;

import io.roster.events.ActorType;
import io.roster.events.AuditMetadata;

import java.util.HashMap;
import java.util.Map;

/**
 * Who is behind the command being sent on this thread: set per HTTP request by a filter, and by
 * processes acting on their own (as {@link ActorType#SYSTEM}).
 */
public record RequestActor(String actorId, String actorUsername, ActorType actorType, String requestId,
                           String sourceIp) {

    private static final ThreadLocal<RequestActor> CURRENT = new ThreadLocal<>();

    public static RequestActor system(String requestId) {
        return new RequestActor("roster", null, ActorType.SYSTEM, requestId, null);
    }

    public static RequestActor current() {
        return CURRENT.get();
    }

    /** Runs {@code action} with this actor as the current one, restoring the previous one afterwards. */
    public void runAs(Runnable action) {
        RequestActor previous = CURRENT.get();
        CURRENT.set(this);
        try {
            action.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public static void set(RequestActor actor) {
        CURRENT.set(actor);
    }

    public static void clear() {
        CURRENT.remove();
    }

    public Map<String, String> asMetadata() {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(AuditMetadata.ACTOR_ID, actorId);
        metadata.put(AuditMetadata.ACTOR_TYPE, actorType.name());
        metadata.put(AuditMetadata.REQUEST_ID, requestId);
        if (actorUsername != null) {
            metadata.put(AuditMetadata.ACTOR_USERNAME, actorUsername);
        }
        if (sourceIp != null) {
            metadata.put(AuditMetadata.SOURCE_IP, sourceIp);
        }
        return metadata;
    }
}
