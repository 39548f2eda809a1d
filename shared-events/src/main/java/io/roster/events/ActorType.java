package io.roster.events;

/** Who caused an event: the {@code actorType} metadata of every command and event. */
public enum ActorType {
    USER, SUPPORT_USER, API_CLIENT, SYSTEM
}
