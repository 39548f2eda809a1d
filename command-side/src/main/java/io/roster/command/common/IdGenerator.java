package io.roster.command.common;

/** New aggregate ids. A bean, so that tests can fix them; aggregates never make ids themselves. */
@FunctionalInterface
public interface IdGenerator {
    String newId();
}
