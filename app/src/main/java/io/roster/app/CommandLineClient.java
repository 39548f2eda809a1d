package io.roster.app;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The command line's way into a running Roster: ROSTER_URL (default http://localhost:8080) and a bearer token for
 * the API client ROSTER_CLIENT_ID / ROSTER_CLIENT_SECRET, obtained with client credentials.
 */
record CommandLineClient(String base, HttpClient http, String token) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Connected, or empty after telling the user on stderr why not ({@code needs}: what the client must hold). */
    static Optional<CommandLineClient> connect(String needs) throws IOException, InterruptedException {
        String base = env("ROSTER_URL", "http://localhost:8080").replaceAll("/+$", "");
        String clientId = env("ROSTER_CLIENT_ID", null);
        String secret = env("ROSTER_CLIENT_SECRET", null);
        if (clientId == null || secret == null) {
            System.err.println("Set ROSTER_CLIENT_ID and ROSTER_CLIENT_SECRET to an API client " + needs + ".");
            return Optional.empty();
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            System.err.println("No token from " + base + ": " + answer.statusCode());
            return Optional.empty();
        }
        return Optional.of(new CommandLineClient(base, http, JSON.readTree(answer.body()).path("access_token").asText()));
    }

    /** A request to {@code pathOrUrl} (a path on the server, or a full URL) with the bearer token. */
    HttpRequest.Builder request(String pathOrUrl) {
        return HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl))
                .header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
