package io.roster.events.apiclient;

/** Facts about one API client: a machine identity of an internal tool. Its secret never appears in events. */
public sealed interface ApiClientEvent
        permits ApiClientCreated, ApiClientRoleAssigned, ApiClientRoleRevoked, ApiClientSecretRotated, ApiClientDeleted,
                ApiClientSignedOutEverywhere {

    String apiClientId();
}
