package io.roster.app.webhook;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sender connects to the address the guard checked, never to a second answer for the name: a DNS server that
 * answers a public or allowed address for the check and an internal one a moment later (DNS rebinding) gets no
 * say in where the request goes.
 */
class WebhookSenderTest {

    private HttpServer receiver;
    private final List<String> hostHeaders = new CopyOnWriteArrayList<>();
    private WebhookSender sender;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            byte[] answer = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
        sender = new WebhookSender(2);
    }

    @AfterEach
    void stop() throws IOException {
        sender.close();
        receiver.stop(0);
    }

    @Test
    void the_connection_goes_to_the_checked_address_and_the_name_is_not_resolved_again() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        // first answer: the allowed receiver; every later answer: an address the guard would refuse
        WebhookTargetGuard guard = new WebhookTargetGuard(null, null, List.of("127.0.0.0/8"), false, host -> {
            assertThat(host).isEqualTo("hooks.rebinding.test");
            return new InetAddress[]{InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.0.0.1")};
        });
        String url = "http://hooks.rebinding.test:" + receiver.getAddress().getPort() + "/hook";

        WebhookTargetGuard.Target target = guard.check(url);
        WebhookSender.Answer answer = sender.post(target, Map.of("webhook-id", "msg_1"), "{}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).hasSize(WebhookSender.KEPT_RESPONSE_BYTES);
        assertThat(lookups.get()).as("DNS lookups for one delivery").isEqualTo(1);
        assertThat(hostHeaders).containsExactly("hooks.rebinding.test:" + receiver.getAddress().getPort());
        // the next delivery checks again, and the new answer is refused before any connection
        assertThat(guard.check(url).refusal()).contains("10.0.0.1");
        assertThat(hostHeaders).hasSize(1);
    }

    @Test
    void over_https_the_pinned_connection_verifies_the_certificate_for_the_url_s_host_name(@TempDir Path keys)
            throws Exception {
        char[] password = "changeit".toCharArray();
        Path keystore = keys.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-dname", "CN=hooks.pinned.test",
                "-ext", "SAN=dns:hooks.pinned.test", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, password);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        https.createContext("/hook", exchange -> {
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        https.start();
        int port = https.getAddress().getPort();
        WebhookTargetGuard guard = new WebhookTargetGuard(null, null, List.of("127.0.0.0/8"), false,
                host -> new InetAddress[]{InetAddress.getByName("127.0.0.1")});
        try (WebhookSender trusting = new WebhookSender(2, clientTls)) {
            // the certificate names hooks.pinned.test, not 127.0.0.1: verification used the name
            assertThat(trusting.post(guard.check("https://hooks.pinned.test:" + port + "/hook"), Map.of(), "{}")
                    .status()).isEqualTo(204);
            assertThat(hostHeaders).containsExactly("hooks.pinned.test:" + port);
            // same address, another name: the certificate does not match, so nothing is sent
            assertThatThrownBy(() -> trusting.post(guard.check("https://other.pinned.test:" + port + "/hook"),
                    Map.of(), "{}")).isInstanceOf(SSLException.class);
            assertThat(hostHeaders).hasSize(1);
        } finally {
            https.stop(0);
        }
    }
}
