package io.roster.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code java -jar roster.jar import users.csv [--dry-run] [--mode create|upsert] [--action deactivate|reactivate]}:
 * sends the file to a running Roster (ROSTER_URL, default http://localhost:8080) as the API client
 * ROSTER_CLIENT_ID / ROSTER_CLIENT_SECRET, draws the progress, and prints every failed row with its reason.
 * Exit code 0 when every row succeeded (or would, for a dry run), 1 when some failed, 2 for a usage error.
 */
final class ImportCommand {

    private static final ObjectMapper JSON = CommandLineClient.JSON;

    private ImportCommand() {
    }

    static int run(String[] args) throws Exception {
        Path file = null;
        StringBuilder query = new StringBuilder();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--dry-run" -> query.append("&dryRun=true");
                case "--mode", "--action" -> {
                    if (i + 1 >= args.length) {
                        return usage();
                    }
                    query.append('&').append(args[i].substring(2)).append('=')
                            .append(URLEncoder.encode(args[++i], StandardCharsets.UTF_8));
                }
                default -> {
                    if (file != null || args[i].startsWith("--")) {
                        return usage();
                    }
                    file = Path.of(args[i]);
                }
            }
        }
        if (file == null || !Files.isReadable(file)) {
            return usage();
        }
        Optional<CommandLineClient> connected = CommandLineClient.connect("that may create users");
        if (connected.isEmpty()) {
            return 2;
        }
        CommandLineClient roster = connected.get();
        HttpResponse<String> answer = roster.send(roster.request("/api/v1/imports?" + (query.isEmpty() ? "" : query.substring(1)))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        if (answer.statusCode() != 200 && answer.statusCode() != 202) {
            JsonNode problem = JSON.readTree(answer.body());
            System.err.println("Import refused: " + problem.path("detail").asText(answer.body()));
            return 1;
        }
        JsonNode report = JSON.readTree(answer.body());
        if (answer.statusCode() == 202) {
            String location = answer.headers().firstValue("Location").orElseThrow();
            while (true) {
                report = JSON.readTree(roster.send(roster.request(location + "?limit=1000").build()).body());
                double percent = report.path("percent").asDouble();
                System.out.printf(Locale.ROOT, "\rimport [%-40s] %5.1f%% %,d/%,d rows", "#".repeat((int) Math.round(percent / 2.5)),
                        percent, report.path("done").asInt(), report.path("total").asInt());
                if (report.path("state").asText().equals("DONE")) {
                    System.out.println();
                    break;
                }
                Thread.sleep(500);
            }
        }
        System.out.printf(Locale.ROOT, "%s%,d rows: %,d created, %,d updated, %,d unchanged, %,d failed%n",
                answer.statusCode() == 200 ? "dry run, nothing changed. " : "", report.path("total").asInt(),
                report.path("created").asInt(), report.path("updated").asInt(), report.path("unchanged").asInt(),
                report.path("failed").asInt());
        if (answer.statusCode() == 202 && report.path("failed").asInt() > 0) {
            // every failure, not only the first page's
            System.out.print(roster.send(roster.request("/api/v1/imports/" + report.path("id").asText() + "/errors.csv")
                    .build()).body());
        } else {
            for (JsonNode row : report.path("rows")) {
                if (row.path("outcome").asText().equals("FAILED")) {
                    System.out.printf("row %d %s: %s%n", row.path("row").asInt(), row.path("username").asText(),
                            row.path("reason").asText());
                }
            }
        }
        return report.path("failed").asInt() == 0 ? 0 : 1;
    }

    private static int usage() {
        System.err.println("usage: java -jar roster.jar import <file.csv> [--dry-run] [--mode create|upsert]"
                + " [--action deactivate|reactivate]");
        return 2;
    }

}
