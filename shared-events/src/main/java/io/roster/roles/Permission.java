package io.roster.roles;

public record Permission(String id, String description) {
}
