package io.roster.api;

public enum OrganizationStatus {
    ACTIVE, DEACTIVATED
}
