package io.roster.events;

/** Kind of account: a customer's person, or temporary vendor support staff (seed 003). */
public enum UserType {
    USER, SUPPORT_USER
}
