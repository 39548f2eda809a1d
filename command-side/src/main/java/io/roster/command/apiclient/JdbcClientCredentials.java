package io.roster.command.apiclient;

import io.roster.command.common.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

@Component
class JdbcClientCredentials implements ClientCredentials {

    private final JdbcClient jdbc;

    JdbcClientCredentials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void register(String apiClientId, String clientId, String secretHash) {
        int inserted = jdbc.sql("""
                        INSERT INTO client_credential (client_id, api_client_id, secret_hash) VALUES (?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(clientId, apiClientId, secretHash).update();
        if (inserted == 0) {
            throw Refusal.conflict("duplicate-client-id", "client id " + clientId + " is already taken", "clientId");
        }
    }

    @Override
    public void replaceSecret(String apiClientId, String secretHash) {
        jdbc.sql("UPDATE client_credential SET secret_hash = ?, updated_at = now() WHERE api_client_id = ?")
                .params(secretHash, apiClientId).update();
    }

    @Override
    public void remove(String apiClientId) {
        jdbc.sql("DELETE FROM client_credential WHERE api_client_id = ?").param(apiClientId).update();
    }
}
