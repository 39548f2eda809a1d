package io.roster.app;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;

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

/** People in tests: their e-mails (GreenMail), the links in them, and signing in like a browser (code + PKCE). */
public final class People {

    private static final String REDIRECT = "http://127.0.0.1:8765/callback";
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{20,})");

    private People() {
    }

    public static MimeMessage awaitMail(GreenMail MAIL, String recipient, int count) {
        Eventually.await(count + " e-mail(s) to " + recipient, Duration.ofSeconds(20),
                () -> MAIL.getReceivedMessagesForDomain(recipient).length >= count);
        MimeMessage[] messages = MAIL.getReceivedMessagesForDomain(recipient);
        return messages[count - 1];
    }

    /**
     * A person who accepted their invitation: created by {@code api} with {@code body} (username, names, roles, ...),
     * their invitation e-mail read from GreenMail, and {@code password} set with its one-time link. Returns their id.
     */
    public static String activated(RosterApi api, GreenMail mail, Map<String, Object> body, String password)
            throws Exception {
        RosterApi.Response created = api.post("/api/v1/users", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String username = (String) body.get("username");
        String link = token((String) awaitMail(mail, username, 1).getContent());
        RosterApi anonymous = api.as(null);
        assertThat(anonymous.post("/api/v1/activation", Map.of("token", link, "password", password)).status())
                .isEqualTo(204);
        return created.text("id");
    }

    public static String token(String body) {
        Matcher matcher = TOKEN.matcher(body);
        assertThat(matcher.find()).as("a link with a token in: " + body).isTrue();
        return matcher.group(1);
    }

    /** The authorization-code flow with PKCE through the login page; the access token, or null if refused. */
    public static String signIn(int port, String username, String password) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://127.0.0.1:" + port;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge;
        try {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String authorize = base + "/oauth2/authorize?" + form(Map.of("response_type", "code", "client_id", "roster-cli",
                "redirect_uri", REDIRECT, "code_challenge", challenge, "code_challenge_method", "S256", "state", "s1"));
        HttpResponse<String> toLogin = get(browser, authorize);
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(toLogin.headers().firstValue("Location").orElse("")).endsWith("/login");

        HttpResponse<String> page = get(browser, base + "/login");
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).as("login page with a CSRF token").isTrue();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", password,
                        "_csrf", csrf.group(1))))).build(), HttpResponse.BodyHandlers.ofString());
        String afterLogin = login.headers().firstValue("Location").orElse("");
        if (afterLogin.contains("error")) {
            return null;
        }
        HttpResponse<String> toClient = get(browser, afterLogin.startsWith("http") ? afterLogin : base + afterLogin);
        String callback = toClient.headers().firstValue("Location").orElse("");
        assertThat(callback).startsWith(REDIRECT).contains("state=s1");
        String code = URI.create(callback).getQuery().split("code=")[1].split("&")[0];

        HttpResponse<String> token = browser.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code",
                        java.net.URLDecoder.decode(code, StandardCharsets.UTF_8), "redirect_uri", REDIRECT, "client_id",
                        "roster-cli", "code_verifier", verifier)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Matcher accessToken = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
        assertThat(accessToken.find()).isTrue();
        return accessToken.group(1);
    }

    private static HttpResponse<String> get(HttpClient browser, String url) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }


    /** Posts the login form as a browser would (the page first, for its CSRF token); the answer is not followed. */
    public static HttpResponse<String> postLogin(int port, HttpClient browser, String username, String password)
            throws IOException, InterruptedException {
        String base = "http://127.0.0.1:" + port;
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).as("login page with a CSRF token").isTrue();
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        return browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
