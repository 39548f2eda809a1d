package io.roster.app.access;

import io.roster.app.IntegrationTest;
import io.roster.app.People;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A changed secret or password cuts every token issued with the old one, on the very next request. */
class CredentialRevocationHttpTest extends IntegrationTest {

    @Test
    void rotating_a_secret_revokes_the_clients_tokens_at_once_and_a_new_token_works() {
        Response created = api.post("/api/v1/api-clients", Map.of("name", "rotated", "roles", List.of("desktop-user")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.text("id");
        String clientId = created.text("clientId");
        RosterApi before = anonymous.asClient(clientId, created.text("clientSecret"));
        assertThat(before.get("/api/v1/me").status()).isEqualTo(200);

        Response rotated = api.post("/api/v1/api-clients/" + id + "/rotate-secret", null);
        assertThat(rotated.status()).isEqualTo(200);

        Response refused = before.get("/api/v1/me");
        assertThat(refused.status()).as("the token issued before the rotation").isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("type")).isEqualTo("/problems/unauthenticated");
        RosterApi after = anonymous.asClient(clientId, rotated.text("clientSecret"));
        assertThat(after.get("/api/v1/me").status()).as("a token issued right after the rotation").isEqualTo(200);
        assertThat(jdbc.sql("SELECT credentials_changed_at IS NOT NULL FROM security_principal WHERE principal_id = ?")
                .param(id).query(Boolean.class).single()).isTrue();
    }

    @Test
    void a_new_password_revokes_the_persons_earlier_tokens() throws Exception {
        String username = uniqueUsername("resetting");
        String userId = People.activated(api, MAIL, Map.of("username", username, "firstName", "Re",
                "lastName", "Setter"), "the first passphrase here");
        RosterApi before = anonymous.as(People.signIn(port, username, "the first passphrase here"));
        assertThat(before.get("/api/v1/me").status()).isEqualTo(200);

        assertThat(api.post("/api/v1/users/" + userId + "/password-reset", null).status()).isEqualTo(202);
        MimeMessage reset = People.awaitMail(MAIL, username, 2);
        String link = People.token((String) reset.getContent());
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", link, "password",
                "the second passphrase here")).status()).isEqualTo(204);

        assertThat(before.get("/api/v1/me").status()).as("the token issued before the new password").isEqualTo(401);
        RosterApi after = anonymous.as(People.signIn(port, username, "the second passphrase here"));
        assertThat(after.get("/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void a_new_password_ends_the_persons_console_sessions_signed_in_before_it() throws Exception {
        String username = uniqueUsername("console-reset");
        String userId = People.activated(api, MAIL, Map.of("username", username, "firstName", "Vera",
                "lastName", "Quill"), "the first passphrase here");
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> signedIn = postLogin(browser, username, "the first passphrase here");
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        assertThat(console(browser).headers().firstValue("Location").orElse(""))
                .as("signed in: the console does not send the person to the login page").doesNotContain("/login");

        assertThat(api.post("/api/v1/users/" + userId + "/password-reset", null).status()).isEqualTo(202);
        String link = People.token((String) People.awaitMail(MAIL, username, 2).getContent());
        Response reset = anonymous.post("/api/v1/activation", Map.of("token", link, "password",
                "the second passphrase here"));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(204);

        HttpResponse<String> ended = console(browser);
        assertThat(ended.statusCode()).isEqualTo(302);
        assertThat(ended.headers().firstValue("Location").orElse("")).contains("/login?ended");
    }

    private HttpResponse<String> console(HttpClient browser) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console"))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postLogin(HttpClient browser, String username, String password)
            throws IOException, InterruptedException {
        return People.postLogin(port, browser, username, password);
    }
}
