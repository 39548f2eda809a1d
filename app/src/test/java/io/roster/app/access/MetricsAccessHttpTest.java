package io.roster.app.access;

import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus metrics are for operations only; health stays open for load balancers. */
class MetricsAccessHttpTest extends IntegrationTest {

    @Test
    void prometheus_needs_a_token_with_the_operations_permission_and_health_needs_none() {
        Response anonymousScrape = anonymous.get("/actuator/prometheus");
        assertThat(anonymousScrape.status()).isEqualTo(401);
        assertThat(anonymousScrape.contentType()).startsWith("application/problem+json");
        assertThat(anonymousScrape.raw()).doesNotContain("jvm_");

        Response desktopUser = clientWith(null, "desktop-user").get("/actuator/prometheus");
        assertThat(desktopUser.status()).isEqualTo(403);
        assertThat(desktopUser.raw()).doesNotContain("jvm_");

        Response admin = api.get("/actuator/prometheus");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.raw()).contains("jvm_memory_used_bytes");
        assertThat(admin.raw()).as("the HTTP server's metrics").contains("http_server_requests_seconds_count");
        assertThat(admin.raw()).as("no observation around each security filter").doesNotContain("spring_security_filterchains");

        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
    }
}
