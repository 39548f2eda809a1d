package io.roster.command.apiclient;

/**
 * Client ids and secret hashes, kept outside the event store and written in the command's transaction: the
 * token endpoint reads them, a rotation or deletion takes effect at once.
 */
public interface ClientCredentials {

    /** Registers a new client id; a 409 when another client has it. */
    void register(String apiClientId, String clientId, String secretHash);

    void replaceSecret(String apiClientId, String secretHash);

    void remove(String apiClientId);
}
