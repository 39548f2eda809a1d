package io.roster.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A small HTTP client for driving Roster's real API in tests. */
public final class RosterApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public RosterApi(int port) {
        this("http://127.0.0.1:" + port, null);
    }

    private RosterApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same API, calling with this bearer token. */
    public RosterApi as(String bearerToken) {
        return new RosterApi(base, bearerToken);
    }

    /** The same API for a client: obtains a token with OAuth2 client credentials. */
    public RosterApi asClient(String clientId, String clientSecret) {
        Response response = token(clientId, clientSecret);
        if (response.status() != 200) {
            throw new AssertionError("no token for " + clientId + ": " + response);
        }
        return as(response.text("access_token"));
    }

    /** POST /oauth2/token with client credentials by HTTP Basic. */
    public Response token(String clientId, String clientSecret) {
        String basic = java.util.Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send("POST", "/oauth2/token", "grant_type=client_credentials", "application/x-www-form-urlencoded",
                "Authorization", "Basic " + basic);
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, String raw, JsonNode body) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        public String text(String field) {
            JsonNode node = body.path(field);
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    public Response get(String path, String... headers) {
        return send("GET", path, null, "application/json", headers);
    }

    public Response post(String path, Object json, String... headers) {
        return send("POST", path, json, "application/json", headers);
    }

    public Response patch(String path, Object json, String... headers) {
        return send("PATCH", path, json, "application/json", headers);
    }

    public Response put(String path, String... headers) {
        return send("PUT", path, null, "application/json", headers);
    }

    public Response delete(String path, String... headers) {
        return send("DELETE", path, null, "application/json", headers);
    }

    /** {@code json} may be a String (sent as is) or an object serialized as JSON; {@code headers} are name/value pairs. */
    public Response send(String method, String path, Object json, String contentType, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            if (json == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                String body = json instanceof String text ? text : JSON.writeValueAsString(json);
                request.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
            }
            boolean authorizationGiven = false;
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
                authorizationGiven |= headers[i].equalsIgnoreCase("Authorization");
            }
            if (token != null && !authorizationGiven) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean isJson = response.headers().firstValue("Content-Type").orElse("").contains("json");
            JsonNode body = !isJson || response.body() == null || response.body().isBlank() ? MissingNode.getInstance()
                    : JSON.readTree(response.body());
            return new Response(response.statusCode(), response.headers().map(), response.body(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
