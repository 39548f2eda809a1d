package io.roster.app.audit;

import io.roster.app.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A large export streams: the client reads rows as they come, the server never holds the result. */
class AuditExportTest extends IntegrationTest {

    private static final int ROWS = 200_000;

    @Test
    void an_export_of_two_hundred_thousand_entries_streams_every_row() throws Exception {
        String organization = "bulk-" + UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO audit_log (source, occurred_at, event_type, summary, actor_id, actor_type, target_type,
                                               target_id, target_organization_id)
                        SELECT 'EVENT', now() - make_interval(secs => n), 'RoleAssigned', 'Role org-manager assigned',
                               'support-' || (n % 50), 'SUPPORT_USER', 'USER', 'user-' || n, ?
                        FROM generate_series(1, ?) AS n""")
                .params(organization, ROWS).update();
        long heapBefore = usedHeapAfterGc();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/audit-log/export?format=csv&actorType=SUPPORT_USER"
                                + "&organizationId=" + organization))
                        .header("Authorization", "Bearer " + token()).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long lines = 0;
        long bytes = 0;
        long peakHeapGrowth = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                bytes += line.length() + 1;
                if (lines % 50_000 == 0) {
                    peakHeapGrowth = Math.max(peakHeapGrowth, usedHeapAfterGc() - heapBefore);
                }
            }
        }
        assertThat(lines).isEqualTo(ROWS + 1);
        // the whole export is tens of megabytes; the server and client together grow by far less
        assertThat(bytes).isGreaterThan(20L * 1024 * 1024);
        assertThat(peakHeapGrowth).as("heap growth while streaming %d bytes", bytes).isLessThan(bytes / 2);
        jdbc.sql("DELETE FROM audit_log WHERE target_organization_id = ?").param(organization).update();
    }

    private String token() {
        return anonymous.token(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET).text("access_token");
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
