package io.roster.app.seats;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Seats: who holds one, the license and organization limits, unused seats, and history from the events. */
class SeatUsageHttpTest extends IntegrationTest {

    @AfterEach
    void generousLicense() {
        api.send("PUT", "/api/v1/seat-usage/license", Map.of("seats", 10_000_000, "pricePerSeatYear", 90,
                "currency", "USD"), "application/json");
    }

    private long used() {
        return api.get("/api/v1/seat-usage").body().path("used").asLong();
    }

    private long awaitUsed(long expected) {
        Eventually.await("used seats = " + expected, Duration.ofSeconds(10), () -> used() == expected);
        return expected;
    }

    @Test
    void active_regular_users_hold_seats_and_the_license_refuses_the_one_too_many() {
        api.send("PUT", "/api/v1/support-access", Map.of("enabled", true), "application/json");
        long before = used();
        String one = createUser(uniqueUsername("seat1"), null).text("id");
        awaitUsed(before + 1);
        api.post("/api/v1/users", Map.of("username", uniqueUsername("tse.seat"), "firstName", "S", "lastName", "U",
                "userType", "SUPPORT_USER"));
        clientWith(null, "org-admin");
        assertThat(used()).as("support users and API clients hold no seat").isEqualTo(before + 1);

        Response license = api.send("PUT", "/api/v1/seat-usage/license", Map.of("seats", before + 2,
                "pricePerSeatYear", 90, "currency", "USD"), "application/json");
        assertThat(license.status()).isEqualTo(200);
        String two = createUser(uniqueUsername("seat2"), null).text("id");
        Response refused = createUser(uniqueUsername("seat3"), null);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("type")).isEqualTo("/problems/no-seat-available");
        assertThat(refused.text("detail")).contains((before + 2) + " of " + (before + 2));

        api.post("/api/v1/users/" + one + "/deactivate", null);
        assertThat(createUser(uniqueUsername("seat4"), null).status()).as("deactivation frees a seat").isEqualTo(201);
        assertThat(api.post("/api/v1/users/" + one + "/reactivate", null).status()).isEqualTo(422);

        JsonNode usage = api.get("/api/v1/seat-usage").body();
        awaitUsed(before + 2);
        usage = api.get("/api/v1/seat-usage").body();
        assertThat(usage.path("licensed").asLong()).isEqualTo(before + 2);
        assertThat(usage.path("available").asLong()).isZero();
        assertThat(usage.path("annualCost").decimalValue()).isEqualByComparingTo(String.valueOf(90 * (before + 2)));
        assertThat(two).isNotNull();
    }

    @Test
    void organization_limits_count_children_and_the_report_shows_use_per_organization() {
        String parent = createOrganization("Limited " + System.nanoTime(), null);
        String child = createOrganization("Limited child", parent);
        Response limit = api.send("PUT", "/api/v1/organizations/" + parent + "/seat-limit", Map.of("seatLimit", 2),
                "application/json");
        assertThat(limit.status()).isEqualTo(200);
        createUser(uniqueUsername("p1"), parent);
        String inChild = createUser(uniqueUsername("c1"), child).text("id");
        Response refused = createUser(uniqueUsername("c2"), child);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("detail")).contains(parent).contains("2 of their 2");
        String elsewhere = createUser(uniqueUsername("x1"), null).text("id");
        assertThat(api.post("/api/v1/users/" + elsewhere + "/move", Map.of("organizationId", child)).status()).isEqualTo(422);

        Eventually.await("the report counts the organization", Duration.ofSeconds(10), () -> {
            for (JsonNode organization : api.get("/api/v1/seat-usage").body().path("organizations")) {
                if (organization.path("id").asText().equals(parent)) {
                    return organization.path("used").asLong() == 1 && organization.path("usedWithChildren").asLong() == 2
                            && organization.path("seatLimit").asInt() == 2;
                }
            }
            return false;
        });
        Map<String, Object> noLimit = new HashMap<>();
        noLimit.put("seatLimit", null);
        api.send("PUT", "/api/v1/organizations/" + parent + "/seat-limit", noLimit, "application/json");
        assertThat(createUser(uniqueUsername("c3"), child).status()).isEqualTo(201);
        assertThat(inChild).isNotNull();
    }

    @Test
    void unused_seats_are_found_by_last_activity_and_history_is_exact_for_past_moments() {
        Instant start = Instant.now();
        long before = used();
        String idle = createUser(uniqueUsername("idle"), null).text("id");
        String busy = createUser(uniqueUsername("busy"), null).text("id");
        assertThat(api.post("/api/v1/users/" + busy + "/activity", Map.of("kind", "DEVICE_CONNECTED",
                "at", Instant.now().toString(), "source", "agent")).status()).isEqualTo(204);
        jdbc.sql("UPDATE seat_holder SET since = now() - interval '200 days' WHERE user_id IN (?, ?)")
                .params(idle, busy).update();
        awaitUsed(before + 2);
        List<String> unused = api.get("/api/v1/seat-usage?inactiveDays=90").body().findValuesAsText("userId");
        assertThat(unused).contains(idle).doesNotContain(busy);
        assertThat(api.post("/api/v1/users/" + idle + "/activity", Map.of("kind", "SPACEWALK", "at", Instant.now().toString()))
                .text("field")).isEqualTo("kind");
        assertThat(api.post("/api/v1/users/" + idle + "/activity", Map.of("kind", "SIGN_IN",
                "at", Instant.now().plus(Duration.ofDays(1)).toString())).text("field")).isEqualTo("at");

        Instant afterCreates = Instant.now();
        api.post("/api/v1/users/" + idle + "/deactivate", null);
        awaitUsed(before + 1);
        JsonNode points = api.get("/api/v1/seat-usage/history?from=" + start.minus(Duration.ofDays(2)) + "&to="
                + afterCreates + "&interval=day").body();
        assertThat(points.get(points.size() - 1).path("used").asLong()).as("exactly as at that moment").isEqualTo(before + 2);
        assertThat(api.get("/api/v1/seat-usage/history?from=x&to=y").text("field")).isEqualTo("from");

        Response csv = api.get("/api/v1/seat-usage/export?format=csv");
        assertThat(csv.raw()).startsWith("userId,username,organizationId,since,lastActivityAt,costPerYear").contains(busy);
    }
}
