package io.roster.app.access;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.MutableClock;
import io.roster.app.People;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens and sessions end when they should: on revocation, on an administrator's word, on deactivation, with age. */
class TokenEndHttpTest extends IntegrationTest {

    @Autowired
    JWKSource<SecurityContext> signingKeys;
    @Autowired
    MutableClock clock;
    @Value("${roster.public-url}")
    String publicUrl;

    @Test
    void a_revoked_access_token_is_refused_at_once() {
        Response created = api.post("/api/v1/api-clients", Map.of("name", "revoking " + UUID.randomUUID(),
                "roles", List.of("desktop-user")));
        assertThat(created.status()).isEqualTo(201);
        String clientId = created.text("clientId");
        String secret = created.text("clientSecret");
        String token = anonymous.token(clientId, secret).text("access_token");
        RosterApi caller = anonymous.as(token);
        assertThat(caller.get("/api/v1/me").status()).isEqualTo(200);

        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        Response revoked = anonymous.send("POST", "/oauth2/revoke", "token=" + token + "&token_type_hint=access_token",
                "application/x-www-form-urlencoded", "Authorization", "Basic " + basic);
        assertThat(revoked.status()).isEqualTo(200);

        Response refused = caller.get("/api/v1/me");
        assertThat(refused.status()).as("the revoked token").isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.asClient(clientId, secret).get("/api/v1/me").status()).as("a new token").isEqualTo(200);
    }

    @Test
    void a_token_used_again_and_again_is_refused_at_once_after_revocation_and_a_forged_twin_never_passes() {
        Response created = api.post("/api/v1/api-clients", Map.of("name", "reused " + UUID.randomUUID(),
                "roles", List.of("desktop-user")));
        String clientId = created.text("clientId");
        String secret = created.text("clientSecret");
        String token = anonymous.token(clientId, secret).text("access_token");
        RosterApi caller = anonymous.as(token);
        assertThat(caller.get("/api/v1/me").status()).as("first use").isEqualTo(200);
        assertThat(caller.get("/api/v1/me").status()).as("second use, its signature already checked").isEqualTo(200);
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 1;
        String forged = parts[0] + "." + parts[1] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        assertThat(anonymous.as(forged).get("/api/v1/me").status()).as("the same claims, another signature")
                .isEqualTo(401);

        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        assertThat(anonymous.send("POST", "/oauth2/revoke", "token=" + token + "&token_type_hint=access_token",
                "application/x-www-form-urlencoded", "Authorization", "Basic " + basic).status()).isEqualTo(200);

        Response refused = caller.get("/api/v1/me");
        assertThat(refused.status()).as("the revoked token, on the very next request").isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void an_administrator_signs_a_person_out_everywhere() throws Exception {
        String username = uniqueUsername("signed-out");
        String password = "a passphrase to sign out";
        String userId = People.activated(api, MAIL, Map.of("username", username, "firstName", "Vera",
                "lastName", "Quill"), password);
        RosterApi before = anonymous.as(People.signIn(port, username, password));
        assertThat(before.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(before.get("/api/v1/me").status()).as("again, its signature already checked").isEqualTo(200);
        HttpClient browser = browser();
        signIn(browser, username, password);
        assertThat(location(console(browser))).as("signed in to the console").doesNotContain("/login");

        Response signedOut = api.post("/api/v1/users/" + userId + "/sign-out", null);
        assertThat(signedOut.status()).as(signedOut.toString()).isEqualTo(200);

        assertThat(before.get("/api/v1/me").status()).as("a token from before").isEqualTo(401);
        assertThat(location(authorize(browser))).as("a new code for the session from before").endsWith("/login");
        assertThat(location(console(browser))).as("the console session from before").contains("/login");
        assertThat(anonymous.as(People.signIn(port, username, password)).get("/api/v1/me").status())
                .as("signing in again").isEqualTo(200);
        Eventually.await("the sign-out in the audit log", Duration.ofSeconds(10), () -> jdbc.sql(
                        "SELECT count(*) FROM audit_log WHERE event_type = 'UserSignedOutEverywhere' AND target_id = ?")
                .param(userId).query(Long.class).single() == 1);
    }

    @Test
    void an_administrator_cuts_an_api_client_s_tokens_and_its_secret_still_works() {
        Response created = api.post("/api/v1/api-clients", Map.of("name", "signed out " + UUID.randomUUID(),
                "roles", List.of("desktop-user")));
        RosterApi before = anonymous.asClient(created.text("clientId"), created.text("clientSecret"));
        assertThat(before.get("/api/v1/me").status()).isEqualTo(200);

        Response signedOut = api.post("/api/v1/api-clients/" + created.text("id") + "/sign-out", null);
        assertThat(signedOut.status()).as(signedOut.toString()).isEqualTo(200);

        assertThat(before.get("/api/v1/me").status()).as("a token from before").isEqualTo(401);
        assertThat(anonymous.asClient(created.text("clientId"), created.text("clientSecret")).get("/api/v1/me").status())
                .as("a new token with the same secret").isEqualTo(200);
    }

    @Test
    void signing_out_of_the_console_revokes_the_token_it_minted_for_the_session() throws Exception {
        String username = uniqueUsername("console-out");
        String password = "a passphrase for the console";
        String userId = People.activated(api, MAIL, Map.of("username", username, "firstName", "Ada",
                "lastName", "Byron", "roles", List.of("desktop-user", "org-manager")), password);
        HttpClient browser = browser();
        signIn(browser, username, password);
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/console/users")).header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        // the console keeps its token in the server-side session only: read it from there, as a thief of it would use it
        String minted = jdbc.sql("SELECT attribute_bytes FROM spring_session_attributes").query(byte[].class).list()
                .stream().map(bytes -> Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")
                        .matcher(new String(bytes, StandardCharsets.ISO_8859_1)))
                .filter(Matcher::find).map(Matcher::group)
                .filter(token -> anonymous.as(token).get("/api/v1/me").raw().contains(userId))
                .findFirst().orElseThrow(() -> new AssertionError("no console token for " + username));
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();

        HttpResponse<String> loggedOut = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/logout")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf.group(1),
                        StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loggedOut.statusCode()).isEqualTo(302);

        Response refused = anonymous.as(minted).get("/api/v1/me");
        assertThat(refused.status()).as("the console's token after signing out").isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void a_deactivation_cuts_tokens_sessions_and_links_for_good_even_after_a_reactivation() throws Exception {
        String username = uniqueUsername("deactivated");
        String password = "a passphrase before deactivation";
        String userId = People.activated(api, MAIL, Map.of("username", username, "firstName", "De",
                "lastName", "Activated"), password);
        RosterApi before = anonymous.as(People.signIn(port, username, password));
        HttpClient browser = browser();
        signIn(browser, username, password);
        assertThat(api.post("/api/v1/users/" + userId + "/password-reset", null).status()).isEqualTo(202);
        String link = People.token((String) People.awaitMail(MAIL, username, 2).getContent());

        assertThat(before.get("/api/v1/me").status()).as("before the deactivation").isEqualTo(200);
        assertThat(before.get("/api/v1/me").status()).as("again, its signature already checked").isEqualTo(200);

        assertThat(api.post("/api/v1/users/" + userId + "/deactivate", Map.of("reason", "left")).status()).isEqualTo(200);
        assertThat(before.get("/api/v1/me").status()).as("a token while deactivated").isEqualTo(401);
        assertThat(api.post("/api/v1/users/" + userId + "/reactivate", null).status()).isEqualTo(200);

        assertThat(before.get("/api/v1/me").status()).as("a token from before the deactivation").isEqualTo(401);
        assertThat(location(console(browser))).as("a session from before the deactivation").contains("/login");
        Response reset = anonymous.post("/api/v1/activation", Map.of("token", link, "password", "a passphrase after it"));
        assertThat(reset.status()).as("a link from before the deactivation").isEqualTo(410);
        assertThat(anonymous.as(People.signIn(port, username, password)).get("/api/v1/me").status())
                .as("signing in again").isEqualTo(200);
    }

    @Test
    void taking_away_the_last_console_capable_role_ends_sessions_and_tokens_and_other_roles_do_not() throws Exception {
        String username = uniqueUsername("demoted");
        String password = "a passphrase while promoted";
        String userId = People.activated(api, MAIL, Map.of("username", username, "firstName", "Ida",
                "lastName", "Wells", "roles", List.of("desktop-user", "proe-user", "org-manager")), password);
        RosterApi before = anonymous.as(People.signIn(port, username, password));
        HttpClient browser = browser();
        signIn(browser, username, password);

        assertThat(api.delete("/api/v1/users/" + userId + "/roles/desktop-user").status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/users/" + userId + "/roles/org-manager").status()).isEqualTo(200);
        assertThat(before.get("/api/v1/me").status()).as("a console-capable role is left").isEqualTo(200);
        assertThat(location(console(browser))).as("a console-capable role is left").doesNotContain("/login");

        assertThat(api.delete("/api/v1/users/" + userId + "/roles/proe-user").status()).isEqualTo(200);
        assertThat(before.get("/api/v1/me").status()).as("the last console-capable role is gone").isEqualTo(401);
        assertThat(location(console(browser))).as("the last console-capable role is gone").contains("/login?ended");
    }

    @Test
    void a_deleted_person_s_token_and_session_end() throws Exception {
        String username = uniqueUsername("deleted");
        String password = "a passphrase before deletion";
        String userId = People.activated(api, MAIL, Map.of("username", username, "firstName", "De",
                "lastName", "Leted"), password);
        RosterApi before = anonymous.as(People.signIn(port, username, password));
        HttpClient browser = browser();
        signIn(browser, username, password);
        assertThat(api.post("/api/v1/users/" + userId + "/deactivate", Map.of("reason", "left")).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/users/" + userId).status()).isEqualTo(204);

        assertThat(before.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(location(console(browser))).contains("/login");
    }

    @Test
    void a_session_ends_at_its_absolute_lifetime_however_busy() throws Exception {
        String username = uniqueUsername("long-session");
        String password = "a passphrase for a long day";
        People.activated(api, MAIL, Map.of("username", username, "firstName", "Ada", "lastName", "Byron"), password);
        HttpClient browser = browser();
        signIn(browser, username, password);
        try {
            clock.advance(Duration.ofHours(11).plusMinutes(50));
            assertThat(location(console(browser))).as("within 12 h").doesNotContain("/login");
            clock.advance(Duration.ofMinutes(11));
            assertThat(location(console(browser))).as("12 h after signing in").contains("/login");
        } finally {
            clock.reset();
        }
    }

    @Test
    void a_token_signed_with_roster_s_key_for_another_issuer_or_audience_is_refused() {
        String principalId = jdbc.sql("SELECT principal_id FROM security_principal WHERE login = ?")
                .param(ADMIN_CLIENT_ID).query(String.class).single();
        String issuer = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        assertThat(anonymous.as(mint(principalId, issuer, "roster-api")).get("/api/v1/me").status())
                .as("Roster's issuer and audience").isEqualTo(200);
        Response otherIssuer = anonymous.as(mint(principalId, "https://elsewhere.example", "roster-api")).get("/api/v1/me");
        assertThat(otherIssuer.status()).as("another issuer").isEqualTo(401);
        assertThat(otherIssuer.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.as(mint(principalId, issuer, "another-api")).get("/api/v1/me").status())
                .as("another audience").isEqualTo(401);
        assertThat(anonymous.as(mint(principalId, null, null)).get("/api/v1/me").status())
                .as("neither").isEqualTo(401);
    }

    @Test
    void the_issuer_is_roster_s_configured_address_not_the_request_s_host() {
        String discovery = rawGet("/.well-known/oauth-authorization-server", "Host: evil.example");
        assertThat(discovery).startsWith("HTTP/1.1 200").contains("\"issuer\"").doesNotContain("evil.example");
    }

    private String mint(String principalId, String issuer, String audience) {
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder().id(UUID.randomUUID().toString()).subject(principalId)
                .issuedAt(now).expiresAt(now.plusSeconds(300))
                .claim("principal_id", principalId).claim("principal_type", "API_CLIENT");
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (audience != null) {
            claims.audience(List.of(audience));
        }
        return new NimbusJwtEncoder(signingKeys).encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).build(), claims.build())).getTokenValue();
    }

    /** A request as sent by hand: Java's HTTP client does not let a caller choose the Host header. */
    private String rawGet(String path, String... headers) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
            boolean host = false;
            for (String header : headers) {
                request.append(header).append("\r\n");
                host |= header.regionMatches(true, 0, "Host:", 0, 5);
            }
            if (!host) {
                request.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    /** The start of the authorization-code flow, in a browser that may have a session already. */
    private HttpResponse<String> authorize(HttpClient browser) throws IOException, InterruptedException {
        String query = "response_type=code&client_id=roster-cli&redirect_uri="
                + URLEncoder.encode("http://127.0.0.1:8765/callback", StandardCharsets.UTF_8)
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&state=s2";
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/authorize?" + query))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> console(HttpClient browser) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console"))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void signIn(HttpClient browser, String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> signedIn = People.postLogin(port, browser, username, password);
        assertThat(location(signedIn)).as("signed in").doesNotContain("error");
    }
}
