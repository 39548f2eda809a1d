package io.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

/**
 * CSV import rate (issue #8): starts app/target/roster.jar, uploads a file of N new users and reports how long the
 * job takes from upload to the last row done.
 * <pre>mvn -B -q package -DskipTests && mvn -B -q -pl bench exec:java -Dbench=io.roster.bench.ImportBench -Dexec.args="100000"</pre>
 */
public final class ImportBench {

    private static final ObjectMapper JSON = BenchSupport.JSON;
    private static final HttpClient HTTP = BenchSupport.HTTP;

    private ImportBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        StringBuilder csv = new StringBuilder("username,firstName,lastName,organization,roles,userType\n");
        for (int i = 0; i < rows; i++) {
            csv.append("person").append(i).append("@example.com,First").append(i).append(",Last").append(i)
                    .append(",,desktop-user,USER\n");
        }
        try (BenchSupport.Roster roster = BenchSupport.start(BenchSupport.jar(args, 1))) {
            String base = roster.base();
            String token = BenchSupport.token(base);
            long start = System.nanoTime();
            HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/imports"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 202) {
                throw new IllegalStateException("import refused: " + started.body());
            }
            double accepted = (System.nanoTime() - start) / 1e9;
            String location = base + started.headers().firstValue("Location").orElseThrow();
            JsonNode report;
            do {
                Thread.sleep(1000);
                // a fresh token each time: the job outlives one
                report = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(location + "?limit=1"))
                        .header("Authorization", "Bearer " + BenchSupport.token(base)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            } while (!report.path("state").asText().equals("DONE"));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "imported %,d rows (%,d created, %,d failed) in %.1f s (upload and checks %.1f s):"
                            + " %,.0f rows/s%n", rows, report.path("created").asInt(), report.path("failed").asInt(),
                    seconds, accepted, rows / seconds);
        }
    }
}
