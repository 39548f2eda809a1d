package io.roster.app.privacy;

import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.crypto.PersonalDataVault;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Aggregate snapshots (every 3 events in tests): aggregates load from them with the right state and version, the
 * person's data in them is encrypted with the person's key, and deletion removes them for good.
 */
class SnapshotTest extends IntegrationTest {

    @Autowired
    PersonalDataVault vault;

    private String snapshot(String aggregateId) {
        return jdbc.sql("SELECT payload FROM snapshotevententry WHERE aggregateidentifier = ?").param(aggregateId)
                .query((rs, row) -> new String(rs.getBytes(1), StandardCharsets.UTF_8)).optional().orElse(null);
    }

    @Test
    void users_load_from_encrypted_snapshots_and_deletion_removes_them() {
        String username = uniqueUsername("snap");
        String id = api.post("/api/v1/users", Map.of("username", username, "firstName", "Sigrun", "lastName", "Snapshot"))
                .text("id");
        api.put("/api/v1/users/" + id + "/roles/org-manager");
        api.put("/api/v1/users/" + id + "/roles/audit-log-viewer");
        api.delete("/api/v1/users/" + id + "/roles/audit-log-viewer");

        Eventually.await("a snapshot after three events", Duration.ofSeconds(10), () -> snapshot(id) != null);
        String stored = snapshot(id);
        assertThat(stored).as("a snapshot after three events").isNotNull()
                .contains("pii:v1:" + id).contains("org-manager")
                .doesNotContain(username).doesNotContain("Sigrun").doesNotContain("Snapshot");

        // the next commands start from the snapshot: state, version (If-Match) and refusals are as before
        long version = api.get("/api/v1/users/" + id).body().path("version").asLong();
        assertThat(version).isEqualTo(4);
        assertThat(api.post("/api/v1/users/" + id + "/deactivate", Map.of(), "If-Match", "\"3\"").status())
                .as("a stale version is still refused").isEqualTo(412);
        assertThat(api.put("/api/v1/users/" + id + "/roles/org-manager").status()).as("already held: no event")
                .isBetween(200, 204);
        assertThat(api.post("/api/v1/users/" + id + "/deactivate", Map.of(), "If-Match", "\"4\"").status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/users/" + id).body().path("roles").toString()).contains("org-manager");
        assertThat(api.get("/api/v1/users/" + id).text("status")).isEqualTo("DEACTIVATED");

        assertThat(api.delete("/api/v1/users/" + id).status()).isEqualTo(204);
        assertThat(snapshot(id)).isNull();
        assertThatThrownBy(() -> vault.encrypt(id, "Sigrun")).as("no new key for an erased person, ever")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void organizations_load_from_snapshots() {
        String organization = createOrganization("Snapshotted " + System.nanoTime(), null);
        for (int i = 1; i <= 4; i++) {
            assertThat(api.patch("/api/v1/organizations/" + organization, Map.of("name", "Snapshotted " + i + " "
                    + System.nanoTime())).status()).isEqualTo(200);
        }
        Eventually.await("an organization snapshot", Duration.ofSeconds(10), () -> snapshot(organization) != null);
        assertThat(api.get("/api/v1/organizations/" + organization).body().path("version").asLong()).isEqualTo(5);
        String member = createUser(uniqueUsername("snap.member"), organization).text("id");
        assertThat(api.get("/api/v1/users/" + member).text("organizationId")).isEqualTo(organization);
    }

    @Test
    void a_snapshot_of_an_older_revision_of_the_aggregate_is_ignored() {
        String organization = createOrganization("Reshaped " + System.nanoTime(), null);
        for (int i = 1; i <= 2; i++) {
            api.patch("/api/v1/organizations/" + organization, Map.of("name", "Reshaped " + i + " " + System.nanoTime()));
        }
        Eventually.await("an organization snapshot", Duration.ofSeconds(10), () -> snapshot(organization) != null);
        // a snapshot that says the organization is deactivated, which its events do not
        jdbc.sql("UPDATE snapshotevententry SET payload = ? WHERE aggregateidentifier = ?")
                .param(snapshot(organization).replace("\"active\":true", "\"active\":false")
                        .getBytes(StandardCharsets.UTF_8))
                .param(organization).update();
        assertThat(api.post("/api/v1/organizations/" + organization + "/deactivate", null).status())
                .as("a snapshot of the current revision is believed").isEqualTo(409);

        jdbc.sql("UPDATE snapshotevententry SET payloadrevision = '1' WHERE aggregateidentifier = ?")
                .param(organization).update();
        assertThat(api.post("/api/v1/organizations/" + organization + "/deactivate", null).status())
                .as("one of an older revision is not: the organization is rebuilt from its events").isEqualTo(200);
    }
}
