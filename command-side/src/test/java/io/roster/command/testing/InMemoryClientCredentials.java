package io.roster.command.testing;

import io.roster.command.apiclient.ClientCredentials;
import io.roster.command.common.Refusal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ClientCredentials} in memory, with the semantics of {@code JdbcClientCredentials}: one API client per
 * client id (a taken client id is refused with 409 {@code duplicate-client-id}), secret replaced and credentials
 * removed by API client id. Unlike the JDBC one it is not transactional: a registration made by a command that
 * later fails stays behind.
 */
public class InMemoryClientCredentials implements ClientCredentials {

    /** What is stored for one client id. */
    public record Entry(String apiClientId, String secretHash) {
    }

    private final Map<String, Entry> byClientId = new LinkedHashMap<>();

    /** Test setup: {@code apiClientId} already holds {@code clientId} with {@code secretHash}. */
    public InMemoryClientCredentials with(String clientId, String apiClientId, String secretHash) {
        byClientId.put(clientId, new Entry(apiClientId, secretHash));
        return this;
    }

    @Override
    public void register(String apiClientId, String clientId, String secretHash) {
        if (byClientId.containsKey(clientId)) {
            throw Refusal.conflict("duplicate-client-id", "client id " + clientId + " is already taken", "clientId");
        }
        byClientId.put(clientId, new Entry(apiClientId, secretHash));
    }

    @Override
    public void replaceSecret(String apiClientId, String secretHash) {
        byClientId.replaceAll((clientId, entry) ->
                entry.apiClientId().equals(apiClientId) ? new Entry(apiClientId, secretHash) : entry);
    }

    @Override
    public void remove(String apiClientId) {
        byClientId.values().removeIf(entry -> entry.apiClientId().equals(apiClientId));
    }

    /** What is stored for {@code clientId}, if anything. */
    public Optional<Entry> entryFor(String clientId) {
        return Optional.ofNullable(byClientId.get(clientId));
    }

    /** The secret hash stored for {@code clientId}, if any. */
    public Optional<String> hashOf(String clientId) {
        return entryFor(clientId).map(Entry::secretHash);
    }

    /** The client id registered for {@code apiClientId}, if any. */
    public Optional<String> clientIdOf(String apiClientId) {
        return byClientId.entrySet().stream().filter(entry -> entry.getValue().apiClientId().equals(apiClientId))
                .map(Map.Entry::getKey).findFirst();
    }

    /** Everything stored, client id to entry. */
    public Map<String, Entry> entries() {
        return Map.copyOf(byClientId);
    }
}
