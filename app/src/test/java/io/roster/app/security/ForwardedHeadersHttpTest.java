package io.roster.app.security;

import io.roster.app.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forwarded headers count only from a configured proxy (here 127.0.0.2, see IntegrationTest): a client talking to
 * Roster directly cannot make it believe the request came over https, or from another address.
 */
class ForwardedHeadersHttpTest extends IntegrationTest {

    @Test
    void a_session_cookie_is_secure_behind_a_trusted_tls_proxy_only() {
        String direct = get("127.0.0.1", "X-Forwarded-Proto: https");
        assertThat(sessionCookie(direct)).as("X-Forwarded-Proto from a client").isNotEmpty().doesNotContainIgnoringCase("secure");

        String proxied = get("127.0.0.2", "X-Forwarded-Proto: https");
        assertThat(sessionCookie(proxied)).as("X-Forwarded-Proto from the trusted proxy").containsIgnoringCase("; secure");

        String plainProxied = get("127.0.0.2", "X-Forwarded-Proto: http");
        assertThat(sessionCookie(plainProxied)).as("plain http through the proxy").doesNotContainIgnoringCase("secure");
    }

    @Test
    void a_forwarded_address_is_believed_from_the_trusted_proxy_only() {
        assertThat(recordedAddress("127.0.0.1", "203.0.113.7")).as("an address a client claims").isEqualTo("127.0.0.1");
        assertThat(recordedAddress("127.0.0.2", "203.0.113.8")).as("the address the proxy names").isEqualTo("203.0.113.8");
    }

    /** The source address the audit log records for an organization created with {@code X-Forwarded-For: claimed}. */
    private String recordedAddress(String from, String claimed) {
        String token = anonymous.token(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET).text("access_token");
        String name = "forwarded " + java.util.UUID.randomUUID();
        String response = send(from, "POST /api/v1/organizations HTTP/1.1", "{\"name\": \"" + name + "\"}",
                "X-Forwarded-For: " + claimed, "Authorization: Bearer " + token, "Content-Type: application/json", "Accept: application/json");
        assertThat(response).startsWith("HTTP/1.1 201");
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(response);
        assertThat(id.find()).isTrue();
        io.roster.app.Eventually.await("the creation in the audit log", java.time.Duration.ofSeconds(10), () -> jdbc.sql(
                "SELECT count(*) FROM audit_log WHERE target_id = ?").param(id.group(1)).query(Long.class).single() > 0);
        return jdbc.sql("SELECT source_ip FROM audit_log WHERE target_id = ? ORDER BY id LIMIT 1").param(id.group(1))
                .query(String.class).single();
    }

    private String get(String from, String... headers) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 1);
        all[headers.length] = "Accept: text/html";
        return send(from, "GET /login HTTP/1.1", null, all);
    }

    /** One request on a connection made from {@code from}, an address of this machine's loopback network. */
    private String send(String from, String requestLine, String body, String... headers) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10000);
            StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Length: ").append(content.length).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(content);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sessionCookie(String response) {
        return response.lines().filter(line -> line.regionMatches(true, 0, "Set-Cookie: SESSION=", 0, 20))
                .findFirst().orElse("");
    }
}
