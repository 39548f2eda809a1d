package io.roster.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code java -jar roster.jar replay <processor>}: asks a running Roster (ROSTER_URL, default
 * http://localhost:8080) to rebuild a read model, as the API client ROSTER_CLIENT_ID / ROSTER_CLIENT_SECRET,
 * and draws the progress until it is done. Exit code 0 when the rebuilt read model is in place.
 */
final class ReplayCommand {

    private static final ObjectMapper JSON = CommandLineClient.JSON;

    private ReplayCommand() {
    }

    static int run(String processor) throws Exception {
        Optional<CommandLineClient> connected = CommandLineClient.connect("holding Customer Cloud Admin");
        if (connected.isEmpty()) {
            return 2;
        }
        CommandLineClient roster = connected.get();
        HttpResponse<String> started = roster.send(roster.request("/api/v1/admin/processors/" + processor + "/replay")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (started.statusCode() != 202) {
            System.err.println("Replay refused: " + JSON.readTree(started.body()).path("detail").asText(started.body()));
            return 1;
        }
        String location = started.headers().firstValue("Location").orElseThrow();
        while (true) {
            JsonNode progress = JSON.readTree(roster.send(roster.request(location).build()).body());
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
}
