package io.roster.events.role;

/** Facts about a custom role: a built-in role duplicated and edited (seed 004). */
public sealed interface CustomRoleEvent permits CustomRoleCreated, CustomRoleUpdated, CustomRoleDeleted {

    String roleId();
}
