package io.roster.app.ops;

import io.roster.app.Eventually;
import io.roster.app.RosterApi;
import io.roster.app.RosterApplication;
import io.roster.events.OrganizationIds;
import io.roster.events.WellKnownIds;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two stateless Roster nodes on one PostgreSQL: they start together (one root organization), take commands on
 * both, read each other's writes at once, handle each event once in every read model and side-effect processor
 * (audit, seats, invitation e-mail, webhook outbox), rebuild a read model on one node while the other keeps writing
 * (and reading its own writes), and a surviving node goes on when the other stops.
 */
class TwoNodesTest {

    @Test
    void two_nodes_share_one_database_without_contradicting_each_other() throws Exception {
        String masterKey = Base64.getEncoder().encodeToString(new byte[32]);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            // B starts once A has set up logging (Spring Boot's logging set-up is not safe for two applications at the
            // same instant in one JVM), so both still race through start-up, root organization and bootstrap client
            CountDownLatch loggingReady = new CountDownLatch(1);
            CompletableFuture<ConfigurableApplicationContext> startingA = CompletableFuture.supplyAsync(
                    () -> start(url, masterKey, loggingReady));
            CompletableFuture<ConfigurableApplicationContext> startingB = CompletableFuture.supplyAsync(() -> {
                await(loggingReady);
                return start(url, masterKey, new CountDownLatch(1));
            });
            ConfigurableApplicationContext nodeA = startingA.get();
            try (ConfigurableApplicationContext nodeB = startingB.get()) {
                JdbcClient jdbc = JdbcClient.create(postgres.getPostgresDatabase());
                RosterApi a = api(nodeA);
                RosterApi b = api(nodeB);

                assertThat(jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier IN (?, ?)")
                        .params(OrganizationIds.ROOT, WellKnownIds.BOOTSTRAP_API_CLIENT).query(Long.class).single())
                        .as("root organization and bootstrap client created once by two nodes starting together")
                        .isEqualTo(2);
                assertThat(a.get("/api/v1/me").text("id")).isEqualTo(b.get("/api/v1/me").text("id"));

                // a subscriber to every event: the webhook outbox must have one delivery per event, whichever node
                String hook = a.post("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/nobody-listens",
                        "eventTypes", List.of("*"))).text("id");
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    RosterApi writer = i % 2 == 0 ? a : b;
                    RosterApi reader = i % 2 == 0 ? b : a;
                    String id = writer.post("/api/v1/users", Map.of("username", "node" + i + "@example.com",
                            "firstName", "N", "lastName", String.valueOf(i))).text("id");
                    assertThat(reader.get("/api/v1/users/" + id).status()).isEqualTo(200);
                    assertThat(reader.post("/api/v1/users/" + id + "/deactivate", null).text("status"))
                            .isEqualTo("DEACTIVATED");
                    assertThat(writer.get("/api/v1/users/" + id).text("status")).isEqualTo("DEACTIVATED");
                    ids.add(id);
                }
                assertThat(b.post("/api/v1/users", Map.of("username", "NODE3@example.com", "firstName", "A",
                        "lastName", "B")).status()).isEqualTo(409);
                assertThat(jdbc.sql("SELECT count(*) FROM user_list WHERE status = 'DEACTIVATED' AND version = 2")
                        .query(Long.class).single()).isEqualTo(10);

                // each read model and side-effect processor did each event exactly once across the two nodes
                String[] written = ids.toArray(String[]::new);
                long events = jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier IN"
                        + " (SELECT unnest(CAST(? AS text[])))").param(written).query(Long.class).single();
                assertThat(events).isEqualTo(20);
                // in the commands' own transactions: all there the moment the commands have answered
                assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE target_id IN (SELECT unnest(CAST(? AS text[])))")
                        .param(written).query(Long.class).single()).isEqualTo(events);
                assertThat(jdbc.sql("SELECT count(*) FROM mail_outbox WHERE user_id IN (SELECT unnest(CAST(? AS text[])))"
                        + " AND dedup_key LIKE '%:INVITATION'").param(written).query(Long.class).single()).isEqualTo(10);
                assertThat(jdbc.sql("""
                                SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = ?
                                AND d.payload::jsonb -> 'data' ->> 'userId' IN (SELECT unnest(CAST(? AS text[])))""")
                        .params(hook, written).query(Long.class).single())
                        .as("one webhook delivery per event of these users, not one per node").isEqualTo(events);
                assertThat(jdbc.sql("SELECT count(*) FROM seat_change WHERE event_id IN (SELECT eventidentifier FROM"
                        + " domainevententry WHERE aggregateidentifier IN (SELECT unnest(CAST(? AS text[]))))")
                        .param(written).query(Long.class).single()).as("a seat taken and freed per user").isEqualTo(20);
                a.delete("/api/v1/webhooks/" + hook);

                // node A rebuilds the user list while node B keeps writing, and reading its own writes
                CompletableFuture<List<String>> writing = CompletableFuture.supplyAsync(() -> {
                    List<String> created = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        RosterApi.Response response = b.post("/api/v1/users", Map.of("username", "during" + i
                                + "@example.com", "firstName", "D", "lastName", String.valueOf(i)));
                        assertThat(response.status()).as(response.toString()).isEqualTo(201);
                        assertThat(response.text("status")).as("the answer shows the row its transaction wrote")
                                .isEqualTo("ACTIVE");
                        created.add(response.text("id"));
                    }
                    return created;
                });
                RosterApi.Response replay = a.post("/api/v1/admin/processors/user-list/replay", null);
                assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
                String progress = replay.header("Location").orElseThrow();
                Eventually.await("user list rebuilt on node A", Duration.ofSeconds(60), () -> {
                    assertThat(b.get("/api/v1/users?limit=1").status()).as("queries keep answering").isEqualTo(200);
                    String state = b.get(progress).text("state");
                    assertThat(state).as("progress is visible from either node").isNotEqualTo("FAILED");
                    return "DONE".equals(state);
                });
                assertThat(b.get(progress).body().path("swapStallMillis").isNumber())
                        .as("how long the swap held writers back is reported").isTrue();
                List<String> during = writing.get(60, TimeUnit.SECONDS);
                assertThat(jdbc.sql("SELECT count(*) FROM user_list WHERE user_id IN (SELECT unnest(CAST(? AS text[])))"
                                + " AND version = 1 AND status = 'ACTIVE'").param(during.toArray(String[]::new))
                        .query(Long.class).single()).as("every write of node B is in the rebuilt list")
                        .isEqualTo(during.size());
                assertThat(jdbc.sql("SELECT count(*) FROM user_list WHERE status = 'DEACTIVATED' AND version = 2")
                        .query(Long.class).single()).as("rows from before the rebuild are unchanged").isEqualTo(10);
                String afterwards = a.post("/api/v1/users", Map.of("username", "after.rebuild@example.com",
                        "firstName", "A", "lastName", "R")).text("id");
                assertThat(b.get("/api/v1/users/" + afterwards).status()).isEqualTo(200);

                // node A stops: node B goes on alone
                nodeA.close();
                String late = b.post("/api/v1/users", Map.of("username", "late@example.com", "firstName", "L",
                        "lastName", "Ate")).text("id");
                assertThat(b.get("/api/v1/users/" + late).status()).isEqualTo(200);
                assertThat(b.get("/api/v1/users?q=node").body().path("items").size()).isEqualTo(10);
                assertThat(b.get("/api/v1/users?q=during&limit=100").body().path("items").size()).isEqualTo(25);
            } finally {
                nodeA.close();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("node A did not get as far as its logging set-up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ConfigurableApplicationContext start(String url, String masterKey, CountDownLatch loggingReady) {
        RosterApplication.disableAxonUpdateChecker();
        try {
            Path dataDir = Files.createTempDirectory("roster-node-");
            return new SpringApplicationBuilder(RosterApplication.class)
                    .listeners((ApplicationListener<ApplicationPreparedEvent>) event -> loggingReady.countDown())
                    .run("--server.port=0",
                    "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                    "--roster.master-key=" + masterKey, "--roster.data-dir=" + dataDir,
                    "--roster.bootstrap.client-id=restart-admin",
                    "--roster.webhooks.allowed-cidrs=127.0.0.0/8",
                    "--roster.bootstrap.client-secret=restart-admin-secret-0123456789");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RosterApi api(ConfigurableApplicationContext context) {
        return new RosterApi(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")))
                .asClient("restart-admin", "restart-admin-secret-0123456789");
    }
}
