package io.roster.api;

public enum UserStatus {
    ACTIVE, DEACTIVATED, DELETED
}
