package io.roster.app.webhook;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * POSTs to the address {@link WebhookTargetGuard} checked, never to a fresh lookup of the name. The JDK's
 * HttpClient always resolves the URL's host itself, and putting the IP into the URL would make TLS check the
 * certificate against the IP. Apache HttpClient 5 connects to an {@link HttpHost} that carries both: the checked
 * address for the socket, the name for the Host header, SNI and the certificate's hostname verification (the
 * JVM's default trust store, hostname verified). Its DNS resolver refuses every lookup, so no
 * code path can resolve a name between the check and the connection. No proxy, redirects or automatic retries;
 * connect within 5 s, the whole exchange within 15 s.
 */
final class WebhookSender implements AutoCloseable {

    /** What the receiver answered: status and the start of the body. */
    record Answer(int status, String body) {
    }

    static final int KEPT_RESPONSE_BYTES = 1024;

    private static final Duration WHOLE_REQUEST = Duration.ofSeconds(15);

    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    WebhookSender(int concurrency) {
        this(concurrency, jvmDefaultTls());
    }

    /** {@code tls}: whom to trust; the JVM's default, as for any outgoing https (tests trust their own receiver). */
    WebhookSender(int concurrency, SSLContext tls) {
        DnsResolver noLookups = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                throw new UnknownHostException(host + ": webhook connections use the address checked before sending");
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                throw new UnknownHostException(host + ": webhook connections use the address checked before sending");
            }
        };
        http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(noLookups)
                        // verifies the certificate against the HttpHost's name, never its address
                        .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
                        .setMaxConnTotal(Math.max(1, concurrency))
                        .setMaxConnPerRoute(Math.max(1, concurrency))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .setSocketTimeout(Timeout.ofSeconds(15))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofSeconds(15))
                        .setConnectionRequestTimeout(Timeout.ofSeconds(15))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    private static SSLContext jvmDefaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }

    /** POSTs {@code json} to {@code target}, connecting to its checked address only. */
    Answer post(WebhookTargetGuard.Target target, Map<String, String> headers, String json) throws IOException {
        if (target.refusal() != null || target.address() == null) {
            throw new IllegalArgumentException("only a checked target can be sent to");
        }
        String scheme = target.uri().getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = target.uri().getPort() >= 0 ? target.uri().getPort() : scheme.equals("https") ? 443 : 80;
        String host = target.uri().getHost();
        // an IPv6 literal is bracketed in the URI; HttpHost wants the bare address as the name
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        HttpHost pinned = new HttpHost(scheme, target.address(), name, port);
        HttpPost post = new HttpPost(target.uri());
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        // the timeouts above bound each step; this bounds the whole exchange, as a receiver may answer a byte at a time
        ScheduledFuture<?> deadline = deadlines.schedule(post::abort, WHOLE_REQUEST.toMillis(), TimeUnit.MILLISECONDS);
        ClassicHttpResponse response;
        try {
            response = http.executeOpen(pinned, post, null);
        } catch (IOException e) {
            deadline.cancel(false);
            throw e;
        }
        try {
            String body = null;
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                InputStream content = entity.getContent();
                byte[] start = content.readNBytes(KEPT_RESPONSE_BYTES);
                if (content.read() != -1) {
                    // only the start is kept: drop the connection rather than read an endless answer to its end
                    post.abort();
                }
                body = new String(start, StandardCharsets.UTF_8);
            }
            return new Answer(response.getCode(), body);
        } finally {
            deadline.cancel(false);
            try {
                response.close();
            } catch (IOException e) {
                // an aborted exchange cannot close cleanly; the answer is already read
            }
        }
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }
}
