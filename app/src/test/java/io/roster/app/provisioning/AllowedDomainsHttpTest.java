package io.roster.app.provisioning;

import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.AfterEach;
import io.roster.events.OrganizationIds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Allowed username domains over REST (the CSV and SCIM paths have their own tests). */
class AllowedDomainsHttpTest extends IntegrationTest {

    private static final String PATH = "/api/v1/settings/allowed-domains";

    @AfterEach
    void anyDomainAgain() {
        assertThat(api.send("PUT", PATH, Map.of("domains", List.of()), "application/json").status()).isEqualTo(200);
    }

    @Test
    void usernames_outside_the_allowed_domains_are_refused_when_created_or_renamed() {
        Response set = api.send("PUT", PATH, Map.of("domains", List.of("Example.com", "@acme.test")), "application/json");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.body().path("domains").toString()).isEqualTo("[\"acme.test\",\"example.com\"]");
        assertThat(api.get(PATH).body().path("domains")).hasSize(2);

        String outsider = "mallory." + UUID.randomUUID().toString().substring(0, 8) + "@elsewhere.org";
        Response refused = api.post("/api/v1/users", Map.of("username", outsider, "firstName", "M", "lastName", "O"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("type")).isEqualTo("/problems/domain-not-allowed");
        assertThat(refused.text("detail")).contains(outsider).contains("acme.test, example.com");
        assertThat(refused.raw()).contains("username");
        assertThat(jdbc.sql("SELECT count(*) FROM user_list WHERE username_lower = ?").param(outsider)
                .query(Long.class).single()).as("nothing written").isZero();

        String id = createUser(uniqueUsername("insider"), null).text("id");
        Response rename = api.patch("/api/v1/users/" + id, Map.of("username", outsider));
        assertThat(rename.status()).isEqualTo(422);
        assertThat(rename.text("type")).isEqualTo("/problems/domain-not-allowed");

        Response audit = api.get("/api/v1/audit-log?eventType=AllowedDomainsSet&limit=1");
        assertThat(audit.raw()).contains("Allowed username domains set: acme.test, example.com");
    }

    @Test
    void a_bad_domain_is_refused_with_its_position_and_only_customer_cloud_admins_may_set_them() {
        Response bad = api.send("PUT", PATH, Map.of("domains", List.of("ok.com", "not a domain")), "application/json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.raw()).contains("domains[1]");
        Response missing = api.send("PUT", PATH, Map.of(), "application/json");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.raw()).contains("domains");
        assertThat(clientWith(null, "org-admin").send("PUT", PATH, Map.of("domains", List.of("x.com")),
                "application/json").status()).isEqualTo(403);
        assertThat(api.get(PATH).body().path("domains")).isEmpty();
    }

    @Test
    void setting_them_moves_the_root_organizations_etag_so_an_if_match_from_a_fresh_read_is_accepted() {
        assertThat(api.send("PUT", PATH, Map.of("domains", List.of("example.com")), "application/json").status())
                .isEqualTo(200);
        String root = "/api/v1/organizations/" + OrganizationIds.ROOT;
        long events = jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?")
                .param(OrganizationIds.ROOT).query(Long.class).single();
        Eventually.await("the root organization's ETag counts all its events", Duration.ofSeconds(10),
                () -> api.get(root).header("ETag").orElse("").equals("\"" + events + "\""));

        Response fresh = api.get(root);
        Response unchanged = api.patch(root, Map.of("name", fresh.text("name")), "If-Match",
                fresh.header("ETag").orElseThrow());
        assertThat(unchanged.status()).as(unchanged.toString()).isEqualTo(200);
    }
}
