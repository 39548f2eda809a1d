package io.roster.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code java -jar roster.jar replay <processor>}: asks a running Roster (ROSTER_URL, default
 * http://localhost:8080) to rebuild a read model, as the API client ROSTER_CLIENT_ID / ROSTER_CLIENT_SECRET,
 * and draws the progress until it is done. Exit code 0 when the rebuilt read model is in place.
 */
final class ReplayCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayCommand() {
    }

    static int run(String processor) throws Exception {
        String base = env("ROSTER_URL", "http://localhost:8080").replaceAll("/+$", "");
        String clientId = env("ROSTER_CLIENT_ID", null);
        String secret = env("ROSTER_CLIENT_SECRET", null);
        if (clientId == null || secret == null) {
            System.err.println("Set ROSTER_CLIENT_ID and ROSTER_CLIENT_SECRET to an API client holding Customer Cloud Admin.");
            return 2;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> tokenAnswer = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (tokenAnswer.statusCode() != 200) {
            System.err.println("No token from " + base + ": " + tokenAnswer.statusCode());
            return 2;
        }
        String token = JSON.readTree(tokenAnswer.body()).path("access_token").asText();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/admin/processors/" + processor + "/replay"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            System.err.println("Replay refused: " + JSON.readTree(started.body()).path("detail").asText(started.body()));
            return 1;
        }
        String location = base + started.headers().firstValue("Location").orElseThrow();
        while (true) {
            JsonNode progress = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(location))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
            double percent = progress.path("percent").asDouble();
            int filled = (int) Math.round(percent / 2.5);
            System.out.printf(Locale.ROOT, "\r%s [%-40s] %5.1f%% %,d/%,d events %,.0f ev/s %s   ", processor,
                    "#".repeat(filled), percent, progress.path("processed").asLong(), progress.path("total").asLong(),
                    progress.path("eventsPerSecond").asDouble(), progress.path("state").asText());
            String state = progress.path("state").asText();
            if (state.equals("DONE")) {
                System.out.println();
                return 0;
            }
            if (state.equals("FAILED")) {
                System.out.println();
                System.err.println("Replay failed: " + progress.path("error").asText());
                return 1;
            }
            Thread.sleep(500);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
