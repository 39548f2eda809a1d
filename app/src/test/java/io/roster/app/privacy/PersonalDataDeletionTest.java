package io.roster.app.privacy;

import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Deletion is permanent: personal data is unreadable afterwards everywhere, a replay included. */
class PersonalDataDeletionTest extends IntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void personal_data_is_encrypted_at_rest_in_the_event_store() {
        String username = uniqueUsername("atrest");
        String id = api.post("/api/v1/users", Map.of("username", username, "firstName", "Zebulon", "lastName", "Quartz"))
                .text("id");
        String stored = String.join("\n", payloads(id));
        assertThat(stored).contains("pii:v1:" + id).doesNotContain(username).doesNotContain("Zebulon")
                .doesNotContain("Quartz");
        assertThat(api.get("/api/v1/users/" + id).text("firstName")).isEqualTo("Zebulon");
    }

    @Test
    void a_deleted_users_personal_data_cannot_be_read_from_anywhere_replay_included() {
        // a webhook subscriber to everything: its outbox rows must lose the person's data too
        String hook = api.post("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/nobody-listens",
                "eventTypes", List.of("*"))).text("id");
        String username = uniqueUsername("forget.me");
        String id = api.post("/api/v1/users", Map.of("username", username, "firstName", "Ottilie", "lastName", "Vanish"))
                .text("id");
        api.patch("/api/v1/users/" + id, Map.of("firstName", "Otti"));
        api.post("/api/v1/users/" + id + "/deactivate", Map.of("reason", "asked Ottilie to leave"));
        assertThat(api.delete("/api/v1/users/" + id).status()).isEqualTo(204);

        // the events stay, their personal data is gone with the key
        assertThat(payloads(id)).hasSize(4);
        assertThat(jdbc.sql("SELECT count(*) FROM subject_key WHERE subject_id = ?").param(id).query(Long.class).single())
                .isZero();
        Response history = api.get("/api/v1/users/" + id + "/history");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body().path("personalDataErased").asBoolean()).isTrue();
        assertThat(history.body().path("items")).hasSize(4);
        assertThat(history.raw()).doesNotContain(username).doesNotContain("Ottilie").doesNotContain("Otti")
                .doesNotContain("Vanish");
        assertThat(api.get("/api/v1/users/" + id).status()).isEqualTo(410);
        assertThat(api.get("/api/v1/users?q=forget.me").raw()).doesNotContain(id);
        Eventually.await("the subscriber is told of every step", Duration.ofSeconds(10), () -> jdbc.sql(
                "SELECT count(*) FROM webhook_delivery WHERE subscription_id = ?").param(hook).query(Long.class).single() >= 4);
        assertNoRowMentions(username, "Ottilie", "Vanish");
        api.delete("/api/v1/webhooks/" + hook);

        // the username is free again, and belongs to a new person
        String successor = createUser(username, null).text("id");
        assertThat(successor).isNotEqualTo(id);

        replay("user-list");
        Eventually.await("user-list replayed", Duration.ofSeconds(30), () ->
                jdbc.sql("SELECT count(*) FROM user_list WHERE user_id IN (?, ?)").params(id, successor)
                        .query(Long.class).single() == 2
                        && "DELETED".equals(jdbc.sql("SELECT status FROM user_list WHERE user_id = ?").param(id)
                        .query(String.class).single()));
        assertThat(jdbc.sql("SELECT count(*) FROM user_list WHERE user_id = ? AND username IS NULL AND first_name IS NULL"
                + " AND last_name IS NULL AND search IS NULL").param(id).query(Long.class).single()).isEqualTo(1);
        assertThat(api.get("/api/v1/users/" + successor).text("username")).isEqualTo(username);
        assertThat(api.get("/api/v1/users/" + id + "/history").raw()).doesNotContain("Ottilie").doesNotContain(username);
        assertNoRowMentions("Ottilie", "Vanish");
    }

    private void replay(String processorName) {
        StreamingEventProcessor processor = processing.eventProcessor(processorName, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
    }

    private List<String> payloads(String aggregateId) {
        return jdbc.sql("SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?"
                + " ORDER BY sequencenumber").param(aggregateId).query(String.class).list();
    }

    /** Scans every table Roster keeps, the event store's bytea payloads and metadata included. */
    private void assertNoRowMentions(String... values) {
        List<String> tables = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                + " AND table_type = 'BASE TABLE'").query(String.class).list();
        assertThat(tables).contains("domainevententry", "user_list", "username_claim");
        for (String value : values) {
            for (String table : tables) {
                long hits = jdbc.sql("SELECT count(*) FROM " + table + " t WHERE strpos(lower(t::text), lower(?)) > 0")
                        .param(value).query(Long.class).single();
                assertThat(hits).as("%s in %s", value, table).isZero();
            }
            long inEvents = jdbc.sql("SELECT count(*) FROM domainevententry WHERE strpos(lower(convert_from(payload, 'UTF8')"
                    + " || coalesce(convert_from(metadata, 'UTF8'), '')), lower(?)) > 0").param(value)
                    .query(Long.class).single();
            assertThat(inEvents).as("%s in event payloads or metadata", value).isZero();
        }
    }
}
