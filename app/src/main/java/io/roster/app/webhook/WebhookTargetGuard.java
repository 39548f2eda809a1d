package io.roster.app.webhook;

import io.roster.app.crypto.PersonalDataVault;
import io.roster.command.common.Refusal;
import io.roster.command.webhook.WebhookTargets;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * SSRF protection and signing secrets. Webhooks go over https to public addresses: every special-purpose address
 * ({@link SpecialAddresses}: loopback, private, link-local and metadata, carrier-grade NAT, documentation,
 * reserved, multicast, and the IPv6 forms embedding IPv4) is refused at registration and again right before every
 * connection, unless ROSTER_WEBHOOKS_ALLOWED_CIDRS allows it. The check resolves the host once and hands the
 * checked address to the sender, which connects to exactly that address ({@link WebhookSender}): a name that
 * resolves elsewhere a moment later (DNS rebinding) changes nothing.
 *
 * <p>Plain http is refused unless ROSTER_WEBHOOKS_ALLOW_HTTP is true, except to allow-listed networks: an operator
 * who lists a network vouches for it (a receiver on this machine or inside the cluster, where TLS usually ends
 * before the receiver), while on the internet a payload of personal data must not travel in clear text.
 *
 * <p>Secrets are stored wrapped by the master key: they must be readable to sign.
 */
@Component
public class WebhookTargetGuard implements WebhookTargets {

    /** Resolves a host name; tests replace it to play a DNS server that changes its answer. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Where a delivery may connect now: the URL and the one address checked for it, or why not. */
    record Target(URI uri, InetAddress address, String refusal) {
        static Target refused(String why) {
            return new Target(null, null, why);
        }
    }

    private final JdbcClient jdbc;
    private final PersonalDataVault vault;
    private final List<SpecialAddresses.Cidr> allowed;
    private final boolean allowHttp;
    private final HostResolver resolver;

    @Autowired
    WebhookTargetGuard(JdbcClient jdbc, PersonalDataVault vault,
                       @Value("${roster.webhooks.allowed-cidrs:}") List<String> allowedCidrs,
                       @Value("${roster.webhooks.allow-http:false}") boolean allowHttp,
                       ObjectProvider<HostResolver> resolver) {
        this(jdbc, vault, allowedCidrs, allowHttp, resolver.getIfAvailable(() -> InetAddress::getAllByName));
    }

    WebhookTargetGuard(JdbcClient jdbc, PersonalDataVault vault, List<String> allowedCidrs, boolean allowHttp,
                       HostResolver resolver) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.allowed = allowedCidrs.stream().map(String::strip).filter(cidr -> !cidr.isEmpty())
                .map(SpecialAddresses.Cidr::parse).toList();
        this.allowHttp = allowHttp;
        this.resolver = resolver;
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
        return check(url).refusal();
    }

    /** Resolves {@code url}'s host once and checks every address it has; the first is the one to connect to. */
    Target check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return Target.refused("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Target.refused("webhook URLs must use https");
        }
        if (uri.getHost() == null || uri.getUserInfo() != null) {
            return Target.refused("webhook URLs need a host and no user info");
        }
        String host = uri.getHost();
        boolean ipv6Literal = host.startsWith("[");
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(ipv6Literal ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Target.refused("host " + host + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            return Target.refused("host " + host + " does not resolve");
        }
        boolean allAllowListed = true;
        for (InetAddress address : addresses) {
            byte[] bytes = SpecialAddresses.bytes(address, ipv6Literal);
            boolean allowListed = allowed.stream().anyMatch(cidr -> cidr.contains(bytes));
            String range = SpecialAddresses.rangeOf(bytes);
            if (range != null && !allowListed) {
                return Target.refused("host " + host + " resolves to " + describe(address, ipv6Literal) + ", a " + range
                        + " address; only public addresses (or networks in ROSTER_WEBHOOKS_ALLOWED_CIDRS) are allowed");
            }
            allAllowListed &= allowListed;
        }
        if (scheme.equals("http") && !allowHttp && !allAllowListed) {
            return Target.refused("webhook URLs must use https (plain http only when ROSTER_WEBHOOKS_ALLOW_HTTP=true)");
        }
        return new Target(uri, addresses[0], null);
    }

    private static String describe(InetAddress address, boolean ipv6Literal) {
        return ipv6Literal && address instanceof java.net.Inet4Address ? "::ffff:" + address.getHostAddress()
                : address.getHostAddress();
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
}
