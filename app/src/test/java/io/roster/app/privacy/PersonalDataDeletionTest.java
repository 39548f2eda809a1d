package io.roster.app.privacy;

import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.People;
import io.roster.app.RosterApi.Response;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Deletion is permanent: personal data is unreadable afterwards everywhere, a replay included. */
class PersonalDataDeletionTest extends IntegrationTest {

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
        assertThat(jdbc.sql("SELECT count(*) FROM webhook_delivery WHERE subscription_id = ?").param(hook)
                .query(Long.class).single()).as("the subscriber is told of every step").isGreaterThanOrEqualTo(4);
        assertNoRowMentions(username, "Ottilie", "Vanish");
        api.delete("/api/v1/webhooks/" + hook);

        // the username is free again, and belongs to a new person
        String successor = createUser(username, null).text("id");
        assertThat(successor).isNotEqualTo(id);

        replay("user-list");
        assertThat(jdbc.sql("SELECT count(*) FROM user_list WHERE user_id IN (?, ?)").params(id, successor)
                .query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT status FROM user_list WHERE user_id = ?").param(id).query(String.class).single())
                .isEqualTo("DELETED");
        assertThat(jdbc.sql("SELECT count(*) FROM user_list WHERE user_id = ? AND username IS NULL AND first_name IS NULL"
                + " AND last_name IS NULL AND search IS NULL").param(id).query(Long.class).single()).isEqualTo(1);
        assertThat(api.get("/api/v1/users/" + successor).text("username")).isEqualTo(username);
        assertThat(api.get("/api/v1/users/" + id + "/history").raw()).doesNotContain("Ottilie").doesNotContain(username);
        assertNoRowMentions("Ottilie", "Vanish");
    }

    @Test
    void nothing_of_a_deleted_person_remains_in_any_table_imports_sessions_and_mail_included() throws Exception {
        // a webhook receiver that echoes what it is sent (Roster keeps the first 1 KB of every answer)
        HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        echo.start();
        String hook = api.post("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:" + echo.getAddress().getPort()
                + "/echo", "eventTypes", List.of("user.created"))).text("id");
        try {
            aPersonKnownEverywhereIsDeletedWithoutATrace(hook);
        } finally {
            api.delete("/api/v1/webhooks/" + hook);
            echo.stop(0);
        }
    }

    private void aPersonKnownEverywhereIsDeletedWithoutATrace(String hook) throws Exception {
        String username = uniqueUsername("erase.everywhere");
        String id = People.activated(api, MAIL, Map.of("username", username, "firstName", "Wilhelmina",
                "lastName", "Quillfeather", "roles", List.of("desktop-user")), "silver harbour kettle");
        // a session of their own (the console's header keeps the name they signed in with) and a failed sign-in
        assertThat(People.signIn(port, username, "silver harbour kettle")).isNotNull();
        assertThat(People.signIn(port, username, "not the password")).isNull();
        // someone not signed in looks them up in the console, and is sent to the login page first
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> search = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/console/users?q=" + URLEncoder.encode(username, StandardCharsets.UTF_8))).header("Accept", "text/html")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(search.statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM spring_session_attributes a JOIN spring_session s ON s.primary_id = a.session_primary_id
                        WHERE position(convert_to(?, 'UTF8') in a.attribute_bytes) > 0
                          AND s.principal_name IS DISTINCT FROM ?""").params(username, id).query(Long.class).single())
                .as("a failed sign-in or a search keeps no username in the session").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM sign_in WHERE principal_id = ? AND username_hash IS NOT NULL").param(id)
                .query(Long.class).single()).isPositive();
        // an import that left them unchanged, and one whose row failed on them
        String header = "username,firstName,lastName\r\n";
        Eventually.await("the receiver echoed the creation", Duration.ofSeconds(10), () -> jdbc.sql("""
                        SELECT count(*) FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id
                        WHERE d.subscription_id = ? AND strpos(a.response, ?) > 0""").params(hook, username)
                .query(Long.class).single() == 1);
        String unchanged = imported(header + username + ",Wilhelmina,Quillfeather\r\n", "?mode=upsert");
        String failed = imported(header + username + ",Wilhelmina,Otherwise\r\n", "");
        assertThat(api.get("/api/v1/imports/" + unchanged).raw()).contains(username);
        assertThat(api.get("/api/v1/imports/" + failed + "/errors.csv").raw()).contains(username);

        // the identity provider's id for them, and one stored in clear as versions before it was personal data did
        String externalId = "okta-" + UUID.randomUUID();
        Response provisioned = api.send("PATCH", "/scim/v2/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"externalId","value":"%s"}]}""".formatted(externalId),
                "application/scim+json");
        assertThat(provisioned.status()).as(provisioned.toString()).isEqualTo(200);
        assertThat(String.join("\n", payloads(id))).doesNotContain(externalId);
        String legacyExternalId = "entra-" + UUID.randomUUID();
        api.send("PATCH", "/scim/v2/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"externalId","value":"second"}]}""", "application/scim+json");
        jdbc.sql("""
                        UPDATE domainevententry SET payload = convert_to(jsonb_set(convert_from(payload, 'UTF8')::jsonb,
                            '{externalId}', to_jsonb(CAST(? AS text)))::text, 'UTF8')
                        WHERE aggregateidentifier = ? AND payloadtype = 'io.roster.events.user.UserExternalIdChanged'
                          AND sequencenumber = (SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?)""")
                .params(legacyExternalId, id, id).update();
        assertThat(String.join("\n", payloads(id))).contains(legacyExternalId);
        Eventually.await("the audit log shows the external ids", Duration.ofSeconds(10), () -> jdbc.sql(
                "SELECT count(*) FROM audit_log WHERE target_id = ? AND event_type = 'UserExternalIdChanged'").param(id)
                .query(Long.class).single() == 2);

        api.post("/api/v1/users/" + id + "/deactivate", Map.of("reason", "leaving"));
        assertThat(api.delete("/api/v1/users/" + id).status()).isEqualTo(204);

        for (String job : List.of(unchanged, failed)) {
            Response report = api.get("/api/v1/imports/" + job);
            assertThat(report.raw()).doesNotContain(username).doesNotContain("Quillfeather");
            assertThat(report.body().path("rows").get(0).path("userId").asText()).isEqualTo(id);
            assertThat(report.body().path("rows").get(0).path("username").asText()).isEqualTo(id);
        }
        assertThat(api.get("/api/v1/imports/" + failed + "/errors.csv").raw()).doesNotContain(username).contains(id);
        assertThat(jdbc.sql("SELECT count(*) FROM sign_in WHERE principal_id = ? AND username_hash IS NOT NULL").param(id)
                .query(Long.class).single()).as("the keyed hash of their username").isZero();
        assertNoRowMentions(username, "Wilhelmina", "Quillfeather", externalId, legacyExternalId);
    }

    private String imported(String csv, String query) {
        Response started = api.send("POST", "/api/v1/imports" + query, csv, "text/csv");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String job = started.text("id");
        Eventually.await("import " + job + " done", Duration.ofSeconds(30),
                () -> "DONE".equals(api.get("/api/v1/imports/" + job).text("state")));
        return job;
    }

    /** A blue/green rebuild of the read model from the event store, to the end. */
    private void replay(String processorName) {
        Response started = api.post("/api/v1/admin/processors/" + processorName + "/replay", null);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String progress = started.header("Location").orElseThrow();
        Eventually.await(processorName + " rebuilt", Duration.ofSeconds(60), () -> {
            String state = api.get(progress).text("state");
            assertThat(state).isNotEqualTo("FAILED");
            return "DONE".equals(state);
        });
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
            // bytea columns (serialized session attributes, tokens) hold text as its UTF-8 bytes
            List<String[]> binaries = jdbc.sql("SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE table_schema = 'public' AND data_type = 'bytea'")
                    .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)}).list();
            assertThat(binaries).extracting(column -> column[0]).contains("spring_session_attributes");
            for (String[] column : binaries) {
                long hits = jdbc.sql("SELECT count(*) FROM " + column[0] + " WHERE position(convert_to(?, 'UTF8') in "
                        + column[1] + ") > 0").param(value).query(Long.class).single();
                assertThat(hits).as("%s in %s.%s", value, column[0], column[1]).isZero();
            }
            long inEvents = jdbc.sql("SELECT count(*) FROM domainevententry WHERE strpos(lower(convert_from(payload, 'UTF8')"
                    + " || coalesce(convert_from(metadata, 'UTF8'), '')), lower(?)) > 0").param(value)
                    .query(Long.class).single();
            assertThat(inEvents).as("%s in event payloads or metadata", value).isZero();
        }
    }
}
