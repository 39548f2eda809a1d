package io.roster.app.access;

import io.roster.app.IntegrationTest;
import io.roster.app.MutableClock;
import io.roster.app.People;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing secrets at /oauth2/token and passwords at /login: failures lock the account, then the address, out with
 * 429 + Retry-After, growing with every lock-out; nobody else's sign-in is slowed. Guesses come from a loopback
 * address of each test's own (127.x.y.z, as Tomcat sees it), so the address every other test calls from
 * (127.0.0.1) is never the one locked out.
 */
class SignInThrottleHttpTest extends IntegrationTest {

    @Autowired
    MutableClock clock;

    private record Credentials(String clientId, String secret) {
    }

    /** A token request's answer, as far as these tests read it. */
    private record Answer(int status, Optional<Long> retryAfter, String body) {
    }

    private static String ownAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 255) + "." + random.nextInt(1, 255);
    }

    /** POST /oauth2/token with client credentials, sent from {@code source} (a loopback address). */
    private Answer tokenFrom(String source, String clientId, String secret) {
        String body = "grant_type=client_credentials";
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(("POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: Basic " + basic + "\r\nContent-Type: application/x-www-form-urlencoded"
                    + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            Matcher retryAfter = Pattern.compile("(?im)^Retry-After:\\s*(\\d+)").matcher(answer);
            return new Answer(status, retryAfter.find() ? Optional.of(Long.parseLong(retryAfter.group(1)))
                    : Optional.empty(), answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Credentials newClient() {
        Response created = api.post("/api/v1/api-clients", Map.of("name", "guessed " + UUID.randomUUID(),
                "roles", List.of("desktop-user")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Credentials(created.text("clientId"), created.text("clientSecret"));
    }

    @Test
    void repeated_wrong_secrets_lock_the_client_out_for_longer_each_time_while_other_clients_sign_in() {
        Credentials guessed = newClient();
        String guesser = ownAddress();
        for (int i = 0; i < 5; i++) {
            assertThat(tokenFrom(guesser, guessed.clientId(), "wrong-" + i).status()).isEqualTo(401);
        }
        Response locked = anonymous.token(guessed.clientId(), guessed.secret());
        assertThat(locked.status()).as("even the right secret, from anywhere, waits out the lock-out").isEqualTo(429);
        assertThat(locked.contentType()).startsWith("application/problem+json");
        assertThat(locked.text("type")).isEqualTo("/problems/too-many-sign-in-attempts");
        assertThat(Long.parseLong(locked.header("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(tokenFrom(guesser, ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET).status())
                .as("other clients, even from the guesser's address").isEqualTo(200);

        clock.advance(Duration.ofSeconds(61));
        assertThat(tokenFrom(guesser, guessed.clientId(), "wrong again").status()).isEqualTo(401);
        Answer lockedLonger = tokenFrom(guesser, guessed.clientId(), guessed.secret());
        assertThat(lockedLonger.status()).isEqualTo(429);
        assertThat(lockedLonger.retryAfter()).as("the second lock-out in a row lasts twice as long")
                .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(61L, 120L));

        clock.advance(Duration.ofSeconds(121));
        assertThat(tokenFrom(guesser, guessed.clientId(), guessed.secret()).status()).isEqualTo(200);
    }

    @Test
    void failures_naming_the_public_sign_in_client_never_lock_it_out_for_everyone() {
        String guesser = ownAddress();
        for (int i = 0; i < 7; i++) {
            Answer refused = tokenFrom(guesser, "roster-cli", "guess-" + i);
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        }
    }

    @Test
    void repeated_wrong_passwords_at_the_login_page_lock_that_username_out_but_not_other_people() throws Exception {
        String guessed = uniqueUsername("guessed");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> failed = postLogin(guessed, "wrong password " + i);
            assertThat(failed.statusCode()).isEqualTo(302);
            assertThat(failed.headers().firstValue("Location").orElse("")).contains("error");
        }
        HttpResponse<String> locked = postLogin(guessed, "yet another guess");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(locked.body()).contains("too-many-sign-in-attempts");

        String other = uniqueUsername("unaffected");
        People.activated(api, MAIL, Map.of("username", other, "firstName", "Una", "lastName", "Ffected"),
                "a long enough passphrase");
        assertThat(People.signIn(port, other, "a long enough passphrase")).isNotNull();
    }

    @Test
    void an_unknown_client_id_takes_as_long_to_refuse_as_a_wrong_secret_for_a_known_one() {
        Credentials known = newClient();
        String guesser = ownAddress();
        long fastestKnown = Long.MAX_VALUE;
        long fastestUnknown = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) { // fewer than lock a client out
            long started = System.nanoTime();
            assertThat(tokenFrom(guesser, known.clientId(), "wrong").status()).isEqualTo(401);
            fastestKnown = Math.min(fastestKnown, System.nanoTime() - started);
            started = System.nanoTime();
            assertThat(tokenFrom(guesser, "no-such-client-" + UUID.randomUUID(), "wrong").status()).isEqualTo(401);
            fastestUnknown = Math.min(fastestUnknown, System.nanoTime() - started);
        }
        // without the dummy check an unknown id is refused after one indexed lookup, ~20x faster than bcrypt
        assertThat(fastestUnknown).as("fastest refusal of an unknown client id (ns) vs a known one (%d ns)", fastestKnown)
                .isGreaterThan(fastestKnown / 2);
    }

    @Test
    void a_flood_of_wrong_secrets_does_not_slow_the_api_and_locks_its_address_out() throws Exception {
        RosterApi reader = clientWith(null, "desktop-user");
        Credentials bystander = newClient();
        String flooder = ownAddress();
        ExecutorService pool = Executors.newFixedThreadPool(150);
        try {
            List<Future<Answer>> flood = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                flood.add(pool.submit(() -> tokenFrom(flooder, "flood-" + UUID.randomUUID(), "wrong secret")));
            }
            long slowestRead = 0;
            int reads = 0;
            while (reads < 5 || (reads < 200 && flood.stream().anyMatch(f -> !f.isDone()))) {
                long started = System.nanoTime();
                assertThat(reader.get("/api/v1/me").status()).isEqualTo(200);
                slowestRead = Math.max(slowestRead, System.nanoTime() - started);
                reads++;
            }
            for (Future<Answer> attempt : flood) {
                Answer refused = attempt.get(60, TimeUnit.SECONDS);
                assertThat(refused.status()).as(refused.body()).isIn(401, 429, 503);
                if (refused.status() != 401) {
                    assertThat(refused.retryAfter()).as(refused.body()).hasValueSatisfying(s -> assertThat(s).isPositive());
                }
            }
            // on 2 busy cores: bounded ~0.5 s; unbounded 2.6 s (200 concurrent wrong secrets: 6.8 s)
            assertThat(Duration.ofNanos(slowestRead)).as("slowest of %d reads during the flood", reads)
                    .isLessThan(Duration.ofMillis(1500));

            Answer last = null;
            for (int i = 0; i < 120 && (last == null || last.status() != 429); i++) {
                last = tokenFrom(flooder, "spray-" + UUID.randomUUID(), "wrong secret");
            }
            assertThat(last.status()).as("an address that keeps failing is locked out").isEqualTo(429);
            assertThat(tokenFrom(flooder, bystander.clientId(), bystander.secret()).status())
                    .as("any sign-in from a locked-out address waits").isEqualTo(429);
        } finally {
            pool.shutdownNow();
        }
        assertThat(anonymous.token(bystander.clientId(), bystander.secret()).status())
                .as("the same client from another address").isEqualTo(200);
    }

    private HttpResponse<String> postLogin(String username, String password) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return People.postLogin(port, browser, username, password);
    }
}
