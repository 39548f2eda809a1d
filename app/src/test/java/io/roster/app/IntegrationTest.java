package io.roster.app;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Base of the HTTP tests: the whole application on one embedded PostgreSQL per test JVM, shared through
 * Spring's context cache. Tests isolate themselves by unique data, never by a fresh database.
 */
@SpringBootTest(classes = RosterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(IntegrationTest.TestClock.class)
public abstract class IntegrationTest {

    /** One movable clock for the shared context (every test class imports the same configuration). */
    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    static final Path DATA_DIR = temporaryDataDir();
    /** A real SMTP server for the whole test JVM: every invitation and reset e-mail lands here. */
    protected static final GreenMail MAIL = startMailServer();
    protected static final String ADMIN_CLIENT_ID = "test-admin";
    protected static final String ADMIN_CLIENT_SECRET = "test-admin-secret-0123456789";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    private org.axonframework.commandhandling.gateway.CommandGateway commandGateway;
    @Autowired
    private io.roster.command.apiclient.SecretIssuer secretIssuer;

    /** Calls as the bootstrap client (Customer Cloud Admin). */
    protected RosterApi api;
    /** Calls without any token. */
    protected RosterApi anonymous;

    @DynamicPropertySource
    static void roster(DynamicPropertyRegistry registry) {
        registry.add("roster.data-dir", DATA_DIR::toString);
        // a test JVM's cluster is thrown away, so it need not survive a power cut; fsync costs ~5 ms a commit here.
        // Production's durability is proven by db/EmbeddedDatabaseTest and faults/EmbeddedKillNineTest
        registry.add("roster.embedded-postgres.durability", () -> "test");
        registry.add("roster.bootstrap.client-id", () -> ADMIN_CLIENT_ID);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("roster.mail.poll-interval", () -> "200ms");
        // every aggregate with a few events is loaded from a snapshot: all tests exercise that path
        registry.add("roster.snapshots.every", () -> "3");
        registry.add("roster.retention.poll-interval", () -> "200ms");
        registry.add("roster.webhooks.allowed-cidrs", () -> "127.0.0.0/8");
        registry.add("roster.webhooks.retry-schedule", () -> "0s,1s,1s");
        registry.add("roster.webhooks.poll-interval", () -> "200ms");
        registry.add("roster.bootstrap.client-secret", () -> ADMIN_CLIENT_SECRET);
        // a proxy whose forwarded headers are believed: tests reach Roster from 127.0.0.1, or as this proxy from
        // 127.0.0.2 (security/ForwardedHeadersHttpTest)
        registry.add("server.tomcat.remoteip.internal-proxies", () -> "127.0.0.2/32");
    }

    @BeforeEach
    void client() {
        anonymous = new RosterApi(port);
        api = anonymous.asClient(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET);
    }

    /** A new API client holding {@code roles} in {@code organizationId} (null: root), and an API calling as it. */
    protected RosterApi clientWith(String organizationId, String... roles) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", "test client " + UUID.randomUUID());
        body.put("roles", java.util.List.of(roles));
        if (organizationId != null) {
            body.put("organizationId", organizationId);
        }
        RosterApi.Response created = api.post("/api/v1/api-clients", body);
        if (created.status() != 201) {
            throw new AssertionError("api client not created: " + created);
        }
        return anonymous.asClient(created.text("clientId"), created.text("clientSecret"));
    }

    /**
     * An API client made by Roster itself (as its bootstrap client is), outside every caller's rules: the way a test
     * gets a principal no API caller could make, such as a System Admin.
     */
    protected String systemMadeApiClient(String organizationId, String... roles) {
        String id = UUID.randomUUID().toString();
        commandGateway.sendAndWait(new io.roster.command.apiclient.ApiClientCommands.CreateApiClient(id, "sys-" + id,
                "made by the system " + id, organizationId, java.util.List.of(roles), secretIssuer.issue().hash()));
        return id;
    }

    /** A person made by Roster itself (see {@link #systemMadeApiClient}), once the user list shows them. */
    protected String systemMadeUser(String username, String organizationId, String... roles) {
        String id = UUID.randomUUID().toString();
        commandGateway.sendAndWait(new io.roster.command.user.UserCommands.CreateUser(id, username, "Made", "BySystem",
                organizationId, null, java.util.List.of(roles)));
        Eventually.await("the user list shows " + id, java.time.Duration.ofSeconds(10),
                () -> api.get("/api/v1/users/" + id).status() == 200);
        return id;
    }

    private static GreenMail startMailServer() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    static Path temporaryDataDir() {
        RosterApplication.disableAxonUpdateChecker();
        try {
            return Files.createTempDirectory("roster-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static String uniqueUsername(String prefix) {
        return prefix + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    protected RosterApi.Response createUser(String username, String organizationId, String... roles) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("username", username);
        body.put("firstName", "Test");
        body.put("lastName", "User");
        if (organizationId != null) {
            body.put("organizationId", organizationId);
        }
        if (roles.length > 0) {
            body.put("roles", java.util.List.of(roles));
        }
        return api.post("/api/v1/users", body);
    }

    protected String createOrganization(String name, String parentId) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        if (parentId != null) {
            body.put("parentId", parentId);
        }
        RosterApi.Response response = api.post("/api/v1/organizations", body);
        if (response.status() != 201) {
            throw new AssertionError("organization not created: " + response);
        }
        return response.text("id");
    }
}
