package io.roster.app.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.app.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the caller got wrong answer 4xx with a body naming what is wrong: query strings that are not valid
 * percent-encoded UTF-8, SCIM filters too long or deep for any identity provider, and a direct GET of /error.
 * Sent over a raw socket, since java.net.URI refuses to build most of these requests in the first place.
 */
class BadInputHttpTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, String contentType, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private Answer raw(String target) throws IOException {
        String token = api.token(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET).text("access_token");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            String head = response.substring(0, headersEnd);
            String body = response.substring(headersEnd + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            String contentType = head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(line -> line.substring(13).strip()).findFirst().orElse("");
            return new Answer(status, contentType, body);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            // sizes count bytes; the bodies here are JSON whose non-ASCII characters are escaped
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {"/api/v1/users?q=%ff q", "/api/v1/users?organizationId=%ff organizationId",
            "/api/v1/users?status=ACTIVE&role=%C3%28 role", "/api/v1/users?q=%zz q", "/api/v1/users?limit=10&q=abc% q",
            "/api/v1/audit-log?q=%ff q", "/api/v1/organizations?parentId=%ff parentId",
            "/api/v1/users?%ff=1 'the query string'", "/api/v1/webhooks?x=%e2%82 x"})
    void a_query_string_that_is_not_percent_encoded_utf8_is_a_400_naming_the_parameter(String target, String field)
            throws Exception {
        Answer answer = raw(target);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("field").asText()).as(answer.toString()).isEqualTo(field);
        assertThat(answer.json().path("type").asText()).isEqualTo("/problems/invalid-parameter");
        assertThat(answer.json().path("detail").asText()).contains(field);
        assertThat(answer.json().path("requestId").asText()).isNotEmpty();
    }

    @Test
    void a_scim_query_string_that_is_not_utf8_is_a_scim_error() throws Exception {
        Answer answer = raw("/scim/v2/Users?filter=userName%20eq%20%22%ff%22");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/scim+json");
        assertThat(answer.json().path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(answer.json().path("status").asText()).isEqualTo("400");
        assertThat(answer.json().path("detail").asText()).contains("filter");
    }

    @Test
    void a_scim_filter_with_a_value_of_thousands_of_characters_is_an_invalid_filter() throws Exception {
        Answer longValue = raw("/scim/v2/Users?filter=userName%20eq%20%22" + "a".repeat(6_000) + "%22");
        Answer longChain = raw("/scim/v2/Users?filter=" + "id+eq+%22x%22+and+".repeat(300) + "active+eq+true");

        for (Answer answer : new Answer[]{longValue, longChain}) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/scim+json");
            assertThat(answer.json().path("scimType").asText()).isEqualTo("invalidFilter");
        }
    }

    @Test
    void a_scim_path_tomcat_refuses_itself_is_still_a_scim_error() throws Exception {
        Answer answer = raw("/scim/v2/Users/a%00b");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/scim+json");
    }

    @Test
    void a_scim_filter_just_under_the_limit_is_answered() throws Exception {
        Answer longValue = raw("/scim/v2/Users?filter=userName%20eq%20%22" + "a".repeat(4_000) + "%22");
        Answer escapes = raw("/scim/v2/Users?filter=userName%20eq%20%22" + "%5C%22".repeat(1_000) + "%22");

        for (Answer answer : new Answer[]{longValue, escapes}) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().path("totalResults").asInt()).isZero();
        }
    }

    @Test
    void get_error_directly_is_a_404_problem() throws Exception {
        Answer answer = raw("/error");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("type").asText()).isEqualTo("/problems/not-found");
    }
}
