package io.roster.app.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CSV row becomes several commands (names, move, roles, ...). A row reported FAILED must have changed nothing, as a
 * SCIM change does: otherwise the report says "failed" about a user the import half changed.
 */
class ImportRowAtomicityTest extends IntegrationTest {

    @Test
    void a_row_whose_move_is_refused_leaves_the_user_as_it_was() {
        String home = createOrganization("Import home " + System.nanoTime(), null);
        String full = createOrganization("Import full " + System.nanoTime(), null);
        Response limit = api.send("PUT", "/api/v1/organizations/" + full + "/seat-limit", Map.of("seatLimit", 0),
                "application/json");
        assertThat(limit.status()).as(limit.toString()).isEqualTo(200);
        String username = uniqueUsername("half.imported");
        String id = createUser(username, home).text("id");

        Response started = api.send("POST", "/api/v1/imports?mode=upsert",
                "username,firstName,lastName,organization\r\n" + username + ",Test,Renamed," + full + "\r\n", "text/csv");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String location = started.header("Location").orElseThrow();
        Eventually.await("import done", Duration.ofSeconds(60), () -> "DONE".equals(api.get(location).text("state")));
        JsonNode row = api.get(location).body().path("rows").get(0);
        assertThat(row.path("outcome").asText()).as(row.toString()).isEqualTo("FAILED");

        Response user = api.get("/api/v1/users/" + id);
        assertThat(user.text("organizationId")).isEqualTo(home);
        assertThat(user.text("lastName")).as("a failed row changed nothing").isEqualTo("User");
    }
}
