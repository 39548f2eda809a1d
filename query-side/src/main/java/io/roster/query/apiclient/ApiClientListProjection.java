package io.roster.query.apiclient;

import io.roster.events.apiclient.ApiClientCreated;
import io.roster.events.apiclient.ApiClientDeleted;
import io.roster.events.apiclient.ApiClientRoleAssigned;
import io.roster.events.apiclient.ApiClientRoleRevoked;
import io.roster.events.apiclient.ApiClientSecretRotated;
import io.roster.events.apiclient.ApiClientSignedOutEverywhere;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;

/** API clients as the list shows them; deleted clients stay as tombstones (status DELETED). */
@Component
@ProcessingGroup(ApiClientListProjection.GROUP)
class ApiClientListProjection {

    static final String GROUP = "api-client-list";

    private final JdbcClient jdbc;

    ApiClientListProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ApiClientCreated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("""
                        INSERT INTO api_client_list (api_client_id, client_id, name, organization_id, roles, status,
                                                     created_at, updated_at, secret_rotated_at, version)
                        VALUES (:id, :clientId, :name, :organizationId, string_to_array(:roles, ','), 'ACTIVE',
                                :at, :at, :at, :version)
                        ON CONFLICT (api_client_id) DO NOTHING""")
                .param("id", event.apiClientId())
                .param("clientId", event.clientId())
                .param("name", event.name())
                .param("organizationId", event.organizationId())
                .param("roles", String.join(",", event.roles()))
                .param("at", at.atOffset(ZoneOffset.UTC))
                .param("version", sequence + 1)
                .update();
    }

    @EventHandler
    void on(ApiClientRoleAssigned event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.apiClientId(), sequence, at,
                "roles = CASE WHEN :value = ANY(roles) THEN roles ELSE array_append(roles, CAST(:value AS text)) END",
                event.roleId());
    }

    @EventHandler
    void on(ApiClientRoleRevoked event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.apiClientId(), sequence, at, "roles = array_remove(roles, CAST(:value AS text))", event.roleId());
    }

    @EventHandler
    void on(ApiClientSecretRotated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.apiClientId(), sequence, at, "secret_rotated_at = :value", at.atOffset(ZoneOffset.UTC));
    }

    @EventHandler
    void on(ApiClientSignedOutEverywhere event, @SequenceNumber long sequence, @Timestamp Instant at) {
        // nothing the list shows changes, but the row must reach the aggregate's version (the ETag)
        update(event.apiClientId(), sequence, at, "status = status", null);
    }

    @EventHandler
    void on(ApiClientDeleted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.apiClientId(), sequence, at, "status = :value", "DELETED");
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE api_client_list").update();
    }

    private void update(String apiClientId, long sequence, Instant at, String assignment, Object value) {
        jdbc.sql("UPDATE api_client_list SET " + assignment + ", updated_at = :at, version = :version "
                        + "WHERE api_client_id = :id AND version < :version")
                .param("value", value)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .param("version", sequence + 1)
                .param("id", apiClientId)
                .update();
    }
}
