package io.roster.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.app.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the event store keeps beside each event, read back from its metadata column: which message caused the event
 * ({@code correlationId}), which one began the chain ({@code traceId}), and who did it.
 */
class EventMetadataHttpTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stored metadata of each of the aggregate's events, by the event's simple type name. */
    private Map<String, JsonNode> metadataOf(String aggregateId) {
        Map<String, JsonNode> events = new LinkedHashMap<>();
        jdbc.sql("SELECT payloadtype, metadata FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber")
                .param(aggregateId)
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getBytes(2)))
                .list()
                .forEach(stored -> events.put(stored.getKey().substring(stored.getKey().lastIndexOf('.') + 1),
                        read(stored.getValue())));
        return events;
    }

    private static JsonNode read(byte[] metadata) {
        try {
            return JSON.readTree(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void every_event_names_the_command_that_caused_it_and_the_chain_it_began_beside_who_did_it() {
        String id = createUser(uniqueUsername("origin"), null).text("id");
        assertThat(api.patch("/api/v1/users/" + id, Map.of("username", uniqueUsername("origin.renamed"),
                "firstName", "Orla", "lastName", "Origin")).status()).isEqualTo(200);

        Map<String, JsonNode> events = metadataOf(id);
        assertThat(events).containsKeys("UserCreated", "UserUsernameChanged", "UserProfileUpdated");
        events.forEach((type, metadata) -> {
            assertThat(metadata.path("correlationId").asText()).as(type + " correlationId").isNotBlank();
            assertThat(metadata.path("traceId").asText()).as(type + " traceId").isNotBlank();
            assertThat(metadata.path("actorId").asText()).as(type + " actorId").isNotBlank();
            assertThat(metadata.path("actorType").asText()).as(type + " actorType").isEqualTo("API_CLIENT");
            assertThat(metadata.path("requestId").asText()).as(type + " requestId").isNotBlank();
        });

        JsonNode created = events.get("UserCreated");
        JsonNode renamed = events.get("UserUsernameChanged");
        JsonNode reprofiled = events.get("UserProfileUpdated");
        assertThat(reprofiled.path("correlationId")).as("one command, one cause").isEqualTo(renamed.path("correlationId"));
        assertThat(reprofiled.path("traceId")).isEqualTo(renamed.path("traceId"));
        assertThat(renamed.path("correlationId")).as("another request, another command").isNotEqualTo(
                created.path("correlationId"));
        assertThat(renamed.path("traceId")).isNotEqualTo(created.path("traceId"));
    }
}
