package io.roster.events;

import java.util.Set;

/** Metadata keys that every command carries and every event inherits ("who did it"). */
public final class AuditMetadata {

    public static final String ACTOR_ID = "actorId";
    public static final String ACTOR_USERNAME = "actorUsername";
    public static final String ACTOR_TYPE = "actorType";
    public static final String REQUEST_ID = "requestId";
    public static final String SOURCE_IP = "sourceIp";

    /** Keys copied from a command onto the events it causes. */
    public static final Set<String> KEYS = Set.of(ACTOR_ID, ACTOR_USERNAME, ACTOR_TYPE, REQUEST_ID, SOURCE_IP);

    private AuditMetadata() {
    }
}
