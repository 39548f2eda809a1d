package io.roster.command.common;

/** The subscribing processing group that keeps command-side lookup tables in the command's transaction. */
public final class CommandLookups {

    public static final String GROUP = "command-lookups";

    private CommandLookups() {
    }
}
