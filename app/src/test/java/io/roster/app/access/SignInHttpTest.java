package io.roster.app.access;

import io.roster.app.Eventually;
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
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People: an invitation e-mail over real SMTP, activation with a password, sign-in at the login page with the
 * authorization-code flow and PKCE, tokens that stop working at deactivation, password reset.
 */
class SignInHttpTest extends IntegrationTest {

    private static final String REDIRECT = "http://127.0.0.1:8765/callback";
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{20,})");

    @Test
    void an_invited_person_sets_a_password_signs_in_and_is_shut_out_when_deactivated() throws Exception {
        String username = uniqueUsername("person");
        String userId = api.post("/api/v1/users", Map.of("username", username, "firstName", "Perpetua",
                "lastName", "Sign")).text("id");

        MimeMessage invitation = awaitMail(username, 1);
        assertThat(invitation.getSubject()).contains("invited");
        String body = (String) invitation.getContent();
        assertThat(body).contains("Perpetua").contains("/activate.html?token=");
        String token = token(body);

        Response weak = anonymous.post("/api/v1/activation", Map.of("token", token, "password", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.text("type")).isEqualTo("/problems/weak-password");
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", token, "password",
                username.substring(0, username.indexOf('@')) + "-2026!")).text("type")).isEqualTo("/problems/weak-password");
        String password = "correct horse battery staple";
        assertThat(api.get("/api/v1/users/" + userId).body().path("activated").asBoolean()).isFalse();
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", token, "password", password)).status())
                .isEqualTo(204);
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", token, "password", password)).status())
                .as("a link works once").isEqualTo(410);
        assertThat(api.get("/api/v1/users/" + userId).body().path("activated").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT password_hash FROM user_credential WHERE user_id = ?").param(userId)
                .query(String.class).single()).startsWith("{bcrypt}");
        assertThat(jdbc.sql("SELECT count(*) FROM mail_outbox WHERE user_id = ? AND body IS NOT NULL AND status = 'SENT'")
                .param(userId).query(Long.class).single()).as("sent mail forgets its link").isZero();
        assertThat(api.get("/api/v1/users/" + userId + "/history").raw()).contains("UserPasswordSet")
                .doesNotContain("bcrypt");

        assertThat(signIn(username, "wrong password here")).isNull();
        String accessToken = signIn(username, password);
        assertThat(accessToken).isNotNull();
        RosterApi person = anonymous.as(accessToken);
        Response me = person.get("/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(userId);
        assertThat(me.text("type")).isEqualTo("USER");
        assertThat(person.get("/api/v1/users").status()).as("Desktop User reads no user list").isEqualTo(403);
        assertThat(jdbc.sql("SELECT count(*) FROM sign_in WHERE principal_id = ? AND success").param(userId)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM sign_in WHERE principal_id = ? AND NOT success").param(userId)
                .query(Long.class).single()).isEqualTo(1);

        assertThat(api.post("/api/v1/users/" + userId + "/invitation", null).status())
                .as("no second invitation after activation").isEqualTo(409);
        api.post("/api/v1/users/" + userId + "/deactivate", null);
        assertThat(person.get("/api/v1/me").status()).as("the token dies with the account").isEqualTo(401);
        assertThat(signIn(username, password)).as("deactivated people cannot sign in").isNull();
    }

    @Test
    void a_password_reset_link_replaces_the_password() throws Exception {
        String username = uniqueUsername("forgetful");
        String userId = api.post("/api/v1/users", Map.of("username", username, "firstName", "Fran",
                "lastName", "Gotten")).text("id");
        String first = token((String) awaitMail(username, 1).getContent());
        anonymous.post("/api/v1/activation", Map.of("token", first, "password", "first passphrase of many"));

        Response resetRequested = api.post("/api/v1/users/" + userId + "/password-reset", null);
        assertThat(resetRequested.status()).isEqualTo(202);
        assertThat(resetRequested.header("ETag")).as("the answer shows the new version").contains("\"3\"");
        MimeMessage reset = awaitMail(username, 2);
        assertThat(reset.getSubject()).contains("Reset");
        String resetToken = token((String) reset.getContent());
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", resetToken, "password",
                "second passphrase of many")).status()).isEqualTo(204);
        assertThat(signIn(username, "first passphrase of many")).isNull();
        assertThat(signIn(username, "second passphrase of many")).isNotNull();
    }

    @Test
    void a_password_over_72_bytes_or_from_a_breach_list_is_refused_at_activation_and_reset() throws Exception {
        String username = uniqueUsername("wordy");
        String userId = api.post("/api/v1/users", Map.of("username", username, "firstName", "Wendel",
                "lastName", "Ordy")).text("id");
        String invitation = token((String) awaitMail(username, 1).getContent());
        // 40 characters, 80 bytes in UTF-8: bcrypt cannot take it, and the person must hear why
        String accented = "éèêëàâäîïôöùûüçœæéèêëàâäîïôöùûüçœæéèêëàâ";
        Response tooLong = anonymous.post("/api/v1/activation", Map.of("token", invitation, "password", accented));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.contentType()).startsWith("application/problem+json");
        assertThat(tooLong.text("type")).isEqualTo("/problems/weak-password");
        assertThat(tooLong.text("field")).isEqualTo("password");
        assertThat(tooLong.text("detail")).contains("72 bytes");
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", invitation, "password", "qwertyuiop123"))
                .text("type")).isEqualTo("/problems/weak-password");
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", invitation, "password",
                "violet harbour tram 47 oboe")).status()).as("refusals leave the link usable").isEqualTo(204);

        api.post("/api/v1/users/" + userId + "/password-reset", null);
        String reset = token((String) awaitMail(username, 2).getContent());
        Response tooLongAtReset = anonymous.post("/api/v1/activation", Map.of("token", reset, "password",
                "🐙🦊🐢🦉🐝🦋🐬🦒🐧🦔🐌🦀🐳🦜🐿🦓🐇🦘🦩"));
        assertThat(tooLongAtReset.status()).as("19 emoji are 76 bytes").isEqualTo(400);
        assertThat(tooLongAtReset.text("field")).isEqualTo("password");
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", reset, "password", "Sunshine2019!"))
                .text("type")).isEqualTo("/problems/weak-password");
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", reset, "password",
                "🐙🦊🐢🦉🐝🦋🐬🦒🐧🦔🐌🦀🐳🦜🐿🦓🐇🦘")).status()).as("18 emoji are 72 bytes").isEqualTo(204);
    }

    @Test
    void a_resent_invitation_invalidates_the_earlier_link() throws Exception {
        String username = uniqueUsername("late");
        String userId = api.post("/api/v1/users", Map.of("username", username, "firstName", "Lat",
                "lastName", "Comer")).text("id");
        String first = token((String) awaitMail(username, 1).getContent());
        assertThat(api.post("/api/v1/users/" + userId + "/invitation", null).status()).isEqualTo(202);
        String second = token((String) awaitMail(username, 2).getContent());
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", first, "password", "a long enough secret"))
                .status()).isEqualTo(410);
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", second, "password", "a long enough secret"))
                .status()).isEqualTo(204);
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", "made-up-token-000000000000", "password",
                "a long enough secret")).status()).isEqualTo(410);
    }

    private static MimeMessage awaitMail(String recipient, int count) {
        return People.awaitMail(MAIL, recipient, count);
    }

    private static String token(String body) {
        return People.token(body);
    }

    private String signIn(String username, String password) throws IOException, InterruptedException {
        return People.signIn(port, username, password);
    }
}
