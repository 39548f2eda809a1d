package io.roster.app.faults;

import io.roster.app.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 malformed or hostile requests (issue #9) from a seeded generator: broken and deeply nested JSON, huge
 * bodies, wrong types, unicode tricks (NUL, lone surrogates, bidi overrides, zero-width), injection strings, path
 * traversal, invalid UTF-8, wrong content types and parameters, query strings that are not percent-encoded UTF-8,
 * SCIM filters thousands of characters long, and /error asked for by name. Every answer: no 5xx, no stack trace,
 * and an error body in problem+json (or a SCIM error under /scim).
 */
class HostileRequestsTest extends IntegrationTest {

    private static final int REQUESTS = 10_000;
    private static final String[] NASTY = {
            "", " ", "\u0000", "a\u0000b@example.com", "\uD800", "x\uDFFFy", "\u202Eevil\u202C@example.com",
            "zero\u200Bwidth@example.com", "' OR 1=1 --", "\"; DROP TABLE user_list; --", "${jndi:ldap://x/a}",
            "<script>alert(1)</script>", "../../../../etc/passwd", "%2e%2e%2f%2e%2e%2f", "..\\..\\windows",
            "\\u0000", "null", "true", "-1", "9223372036854775808", "1e309", "NaN", "💥", "Ω≈ç√∫˜µ≤",
            "a".repeat(300), "b".repeat(70_000), "=cmd|' /C calc'!A0", "@example.com", "user@", "@@", "\r\nX-Injected: 1"};
    private static final String[] JSON_VALUES = {"null", "true", "1", "-1", "1.5e400", "\"\"", "[]", "{}", "[[[[]]]]",
            "{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}}}", "\"\\u0000\"", "\"\\ud800\"", "12345678901234567890123"};

    /** Percent-encodings java.net.URI lets through that are not UTF-8: a lone high byte, broken sequences,
     *  an encoded surrogate, an overlong slash. */
    private static final String[] BAD_ENCODINGS = {"%ff", "%FE%FF", "%C3%28", "%e2%82", "%ED%A0%80", "%c0%af", "a%80b"};

    private String id;
    private String organization;

    private record Probe(String method, String path, String contentType, byte[] body) {
        @Override
        public String toString() {
            String text = body == null ? "" : new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            return method + " " + (path.length() > 200 ? path.substring(0, 200) + "…" : path) + " [" + contentType + "] " + text;
        }
    }

    @Test
    void ten_thousand_hostile_requests_get_clear_answers_and_no_server_error() throws Exception {
        id = createUser(uniqueUsername("fuzz.target"), null).text("id");
        organization = createOrganization("Fuzz " + System.nanoTime(), null);
        String token = api.token(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET).text("access_token");
        Random random = new Random(42);
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            probes.add(probe(random));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Probe probe : probes) {
                running.add(pool.submit(() -> check(http, token, probe, failures)));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures.stream().map(failure -> failure.replaceAll("[0-9a-f-]{36}", "<id>")).distinct().limit(30)
                .toList()).as("requests answered badly: %d in all, distinct kinds listed", failures.size()).isEmpty();
        assertThat(api.get("/api/v1/users/" + id).status()).as("Roster still answers").isEqualTo(200);
    }

    private void check(HttpClient http, String token, Probe probe, List<String> failures) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + probe.path()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .method(probe.method(), probe.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(probe.body()));
            if (probe.contentType() != null) {
                request.header("Content-Type", probe.contentType());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body() == null ? "" : response.body();
            String type = response.headers().firstValue("Content-Type").orElse("");
            String problem = null;
            if (response.statusCode() >= 500) {
                problem = "status " + response.statusCode();
            } else if (body.contains("Exception") || body.matches("(?s).*\\bat (io|org|java|com)\\.[a-zA-Z.$]+\\(.*")) {
                problem = "stack trace in the body";
            } else if (response.statusCode() >= 400 && !type.startsWith("application/problem+json")
                    && !(probe.path().startsWith("/scim/") && type.startsWith("application/scim+json"))) {
                problem = "error body as " + type;
            }
            if (problem != null) {
                failures.add(problem + ": " + probe.toString().substring(0, Math.min(160, probe.toString().length()))
                        + " -> " + body.substring(0, Math.min(160, body.length())));
            }
        } catch (Exception e) {
            failures.add("no answer (" + e + "): " + probe);
        }
    }

    private Probe probe(Random random) {
        String nasty = NASTY[random.nextInt(NASTY.length)];
        String json = jsonString(nasty);
        String value = JSON_VALUES[random.nextInt(JSON_VALUES.length)];
        return switch (random.nextInt(20)) {
            case 0 -> json("POST", "/api/v1/users", "{\"username\":" + json + ",\"firstName\":" + json + ",\"lastName\":\"L\"}");
            case 1 -> json("POST", "/api/v1/users", "{\"username\":" + value + ",\"firstName\":" + value + ",\"lastName\":"
                    + value + ",\"roles\":" + value + ",\"userType\":" + value + ",\"organizationId\":" + value + "}");
            case 2 -> json("PATCH", "/api/v1/users/" + id, "{\"firstName\":" + json + "}");
            case 3 -> json("POST", "/api/v1/organizations", "{\"name\":" + json + ",\"parentId\":" + value + "}");
            case 4 -> json(random.nextBoolean() ? "PUT" : "DELETE", "/api/v1/users/" + id + "/roles/" + encode(nasty), null);
            case 5 -> json("GET", "/api/v1/users?limit=" + encode(nasty) + "&q=" + encode(nasty) + "&status=" + encode(nasty)
                    + "&after=" + encode(nasty) + "&organizationId=" + encode(nasty), null);
            case 6 -> json("GET", "/api/v1/audit-log?actorType=" + encode(nasty) + "&from=" + encode(nasty) + "&limit="
                    + encode(nasty) + "&cursor=" + encode(nasty), null);
            case 7 -> json("GET", "/api/v1/users/" + encode(nasty), null);
            case 8 -> new Probe("POST", "/api/v1/imports?dryRun=true", "text/csv",
                    ("username,firstName,lastName,organization,roles\n" + nasty + "," + nasty + ",x," + nasty + "," + nasty + "\n")
                            .getBytes(StandardCharsets.UTF_8));
            case 9 -> new Probe("POST", "/scim/v2/Users", "application/scim+json", ("{\"userName\":" + json
                    + ",\"name\":{\"givenName\":" + value + ",\"familyName\":" + json + "},\"active\":" + value + "}")
                    .getBytes(StandardCharsets.UTF_8));
            case 10 -> new Probe("PATCH", "/scim/v2/Users/" + id, "application/scim+json", ("{\"Operations\":[{\"op\":"
                    + json + ",\"path\":" + json + ",\"value\":" + value + "}]}").getBytes(StandardCharsets.UTF_8));
            case 11 -> new Probe("GET", "/scim/v2/Users?filter=" + encode(nasty) + "&startIndex=" + encode(nasty), null, null);
            case 12 -> json("POST", "/api/v1/users", brokenJson(random));
            case 13 -> new Probe("POST", "/api/v1/users", "application/json", invalidUtf8(random));
            case 14 -> new Probe(random.nextBoolean() ? "POST" : "PUT", "/api/v1/settings/allowed-domains",
                    random.nextBoolean() ? "application/json" : "text/plain", ("{\"domains\":[" + json + "," + value + "]}")
                    .getBytes(StandardCharsets.UTF_8));
            case 16 -> new Probe("GET", (random.nextBoolean() ? "/scim/v2/Users" : "/scim/v2/Groups") + "?filter="
                    + java.net.URLEncoder.encode((random.nextBoolean() ? "userName eq \"" : "displayName eq \"")
                    + (random.nextBoolean() ? "a".repeat(500 + random.nextInt(5500)) : "\\\"".repeat(300 + random.nextInt(1000)))
                    + "\"", StandardCharsets.UTF_8), null, null);
            case 17 -> {
                String[] queries = {"/api/v1/users?q=", "/api/v1/users?organizationId=", "/api/v1/users?role=",
                        "/api/v1/users?status=ACTIVE&after=", "/api/v1/audit-log?q=", "/api/v1/audit-log?actorType=",
                        "/api/v1/organizations?parentId=", "/api/v1/webhooks?limit=", "/scim/v2/Users?filter=",
                        "/scim/v2/Users?startIndex=", "/scim/v2/Groups?filter=", "/api/v1/users?"};
                yield new Probe("GET", queries[random.nextInt(queries.length)]
                        + BAD_ENCODINGS[random.nextInt(BAD_ENCODINGS.length)] + "=x", null, null);
            }
            case 18 -> new Probe(random.nextBoolean() ? "GET" : "POST", "/error", null, null);
            case 19 -> json("GET", "/api/v1/users/" + BAD_ENCODINGS[random.nextInt(BAD_ENCODINGS.length)], null);
            default -> json("POST", "/api/v1/users", "{\"username\":\"x@example.com\",\"firstName\":\""
                    + "N".repeat(random.nextInt(3) == 0 ? 2_000_000 : 1000) + "\",\"lastName\":\"L\"}");
        };
    }

    private static Probe json(String method, String path, String body) {
        return new Probe(method, path, body == null ? null : "application/json",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text.length() > 2000 ? text.substring(0, 2000) : text, StandardCharsets.UTF_8);
    }

    private static String brokenJson(Random random) {
        String valid = "{\"username\":\"a@example.com\",\"firstName\":\"A\",\"lastName\":\"B\",\"roles\":[\"desktop-user\"]}";
        return switch (random.nextInt(5)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length()));
            case 1 -> "[".repeat(5000) + "]".repeat(5000);
            case 2 -> "{\"username\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) + "}";
            case 3 -> valid.replace(":", "=");
            default -> "{\"username\":\"a@example.com\",\"username\":\"b@example.com\",\"firstName\":\"A\",\"lastName\":\"B\"}";
        };
    }

    private static byte[] invalidUtf8(Random random) {
        byte[] prefix = "{\"username\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "@example.com\",\"firstName\":\"A\",\"lastName\":\"B\"}".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        byte[] body = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, random.nextInt(bad.length) + 1);
        System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
        return body;
    }
}
