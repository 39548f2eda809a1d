package io.roster.app.axon;

/** The id this Roster process claims event processor segments under (the token store's owner column). */
public record NodeIdentity(String id) {
}
