package io.roster.app.webhook;

import io.roster.app.crypto.PersonalDataVault;
import io.roster.command.common.Refusal;
import io.roster.command.webhook.WebhookTargets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * SSRF protection and signing secrets. Webhooks go only over http(s) to public addresses: loopback, private,
 * link-local, carrier-grade NAT, unique-local and cloud-metadata targets are refused at registration and again
 * right before every connection (a name may resolve elsewhere by then), unless ROSTER_WEBHOOKS_ALLOWED_CIDRS
 * allows them. Secrets are stored wrapped by the master key: they must be readable to sign.
 */
@Component
public class WebhookTargetGuard implements WebhookTargets {

    private final JdbcClient jdbc;
    private final PersonalDataVault vault;
    private final List<Cidr> allowed;

    WebhookTargetGuard(JdbcClient jdbc, PersonalDataVault vault,
                       @Value("${roster.webhooks.allowed-cidrs:}") List<String> allowedCidrs) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.allowed = allowedCidrs.stream().map(String::strip).filter(cidr -> !cidr.isEmpty()).map(Cidr::parse).toList();
    }

    @Override
    public void requireAllowed(String url) {
        String problem = refusal(url);
        if (problem != null) {
            throw Refusal.invalid("url", "webhook-target-refused", problem);
        }
    }

    /** Why a connection to {@code url} must not be made now, or null when it may. */
    String refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "url is not a valid URL";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            return "webhook URLs must use http or https";
        }
        if (uri.getHost() == null || uri.getUserInfo() != null) {
            return "webhook URLs need a host and no user info";
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return "host " + uri.getHost() + " does not resolve";
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address) && allowed.stream().noneMatch(cidr -> cidr.contains(address))) {
                return "host " + uri.getHost() + " resolves to " + address.getHostAddress()
                        + ", a loopback, private, link-local or metadata address";
            }
        }
        return null;
    }

    private static boolean isPublic(InetAddress address) {
        byte[] b = address.getAddress();
        boolean cgnat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        boolean uniqueLocal = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean metadata = address.getHostAddress().equals("169.254.169.254");
        return !(address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || cgnat || uniqueLocal || metadata);
    }

    @Override
    public void storeSecret(String subscriptionId, String secret, Duration keepPreviousFor) {
        if (keepPreviousFor != null) {
            jdbc.sql("UPDATE webhook_secret SET expires_at = now() + make_interval(secs => ?)"
                            + " WHERE subscription_id = ? AND expires_at IS NULL")
                    .params(keepPreviousFor.toSeconds(), subscriptionId).update();
        }
        jdbc.sql("INSERT INTO webhook_secret (subscription_id, secret) VALUES (?, ?)")
                .params(subscriptionId, vault.wrapSecret("webhook:" + subscriptionId, secret.getBytes(StandardCharsets.UTF_8)))
                .update();
    }

    @Override
    public void forgetSecrets(String subscriptionId) {
        jdbc.sql("DELETE FROM webhook_secret WHERE subscription_id = ?").param(subscriptionId).update();
    }

    /** Every secret that signs now: the newest, and during an overlap the previous one. */
    List<String> secrets(String subscriptionId) {
        return jdbc.sql("SELECT secret FROM webhook_secret WHERE subscription_id = ? AND (expires_at IS NULL OR expires_at > now())"
                        + " ORDER BY id DESC")
                .param(subscriptionId).query(byte[].class).list().stream()
                .map(wrapped -> new String(vault.unwrapSecret("webhook:" + subscriptionId, wrapped), StandardCharsets.UTF_8))
                .toList();
    }

    /** An IPv4 or IPv6 network in CIDR notation. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String cidr) {
            String[] parts = cidr.split("/");
            try {
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : address.length * 8;
                return new Cidr(address, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR: " + cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int bits = candidate.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
            return new BigInteger(1, candidate).and(mask).equals(new BigInteger(1, network).and(mask));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Cidr cidr && Arrays.equals(network, cidr.network) && prefix == cidr.prefix;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(network) * 31 + prefix;
        }

        @Override
        public String toString() {
            return Arrays.toString(network) + "/" + prefix;
        }
    }
}
