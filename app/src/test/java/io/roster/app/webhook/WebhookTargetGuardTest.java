package io.roster.app.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The special-purpose range table and the rules on top of it, without a database or a network. */
class WebhookTargetGuardTest {

    private static WebhookTargetGuard guard(List<String> allowedCidrs, boolean allowHttp) {
        return new WebhookTargetGuard(null, null, allowedCidrs, allowHttp, InetAddress::getAllByName);
    }

    private static final WebhookTargetGuard STRICT = guard(List.of(), false);

    @ParameterizedTest
    @ValueSource(strings = {
            // IPv4 special-purpose registry
            "0.0.0.0", "0.1.2.3", "10.1.2.3", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.8.8.8",
            "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.55", "192.31.196.1",
            "192.52.193.1", "192.88.99.1", "192.168.1.1", "192.175.48.6", "198.18.0.1", "198.19.255.255",
            "198.51.100.7", "203.0.113.9", "240.0.0.1", "255.255.255.255", "224.0.0.1", "239.255.255.250",
            // IPv6 special-purpose registry, and IPv6 forms embedding IPv4
            "[::1]", "[::]", "[::ffff:127.0.0.1]", "[::ffff:8.8.8.8]", "[::127.0.0.1]", "[::8.8.8.8]",
            "[64:ff9b::a00:1]", "[64:ff9b::808:808]", "[64:ff9b:1::1]", "[100::1]", "[100:0:0:1::1]",
            "[2001::1]", "[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "[2001:2::1]", "[2001:10::1]", "[2001:20::1]",
            "[2001:1ff::1]", "[2001:db8::1]", "[2002:c0a8:101::1]", "[2002:808:808::1]", "[2620:4f:8000::1]",
            "[3fff::1]", "[5f00::1]", "[fc00::1]", "[fd12:3456::1]", "[fe80::1]", "[febf::1]", "[fec0::1]",
            "[ff02::1]", "[ff0e::1]"})
    void every_special_purpose_address_is_refused(String host) {
        assertThat(STRICT.refusal("https://" + host + "/hook")).as(host).isNotNull().contains("address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1",
            "198.17.255.255", "198.20.0.1", "223.255.255.254", "[2606:4700:4700::1111]", "[2a00:1450:4001::200e]",
            "[2001:200::1]"})
    void public_addresses_are_accepted_over_https(String host) {
        assertThat(STRICT.refusal("https://" + host + "/hook")).as(host).isNull();
    }

    @Test
    void a_refusal_names_the_range() {
        assertThat(STRICT.refusal("https://[::ffff:10.0.0.1]/")).contains("::ffff:10.0.0.1", "IPv4-mapped");
        assertThat(STRICT.refusal("https://198.18.4.4/")).contains("benchmarking");
        assertThat(STRICT.refusal("https://[2001:0:4136:e378::1]/")).contains("Teredo");
        assertThat(STRICT.refusal("https://[64:ff9b::a00:1]/")).contains("NAT64");
        assertThat(STRICT.refusal("https://[2002:c0a8:101::1]/")).contains("6to4");
    }

    @Test
    void the_allow_list_overrides_the_table_for_its_networks_only() {
        WebhookTargetGuard loopback = guard(List.of("127.0.0.0/8", "10.1.0.0/16"), false);
        assertThat(loopback.refusal("http://127.0.0.1:8080/hook")).isNull();
        assertThat(loopback.refusal("https://10.1.200.3/hook")).isNull();
        assertThat(loopback.refusal("https://10.2.0.1/hook")).contains("private-use");
        // an IPv6 spelling of an allowed IPv4 address is a different network: it needs its own entry
        assertThat(loopback.refusal("https://[::ffff:127.0.0.1]/hook")).contains("IPv4-mapped");
        assertThat(loopback.refusal("https://[64:ff9b::7f00:1]/hook")).contains("NAT64");
        assertThat(guard(List.of("::ffff:0:0/96"), false).refusal("https://[::ffff:127.0.0.1]/hook")).isNull();
        assertThat(guard(List.of("fd00::/8"), false).refusal("https://[fd00::5]/hook")).isNull();
    }

    @Test
    void plain_http_reaches_the_internet_only_when_allowed_and_allow_listed_networks_always() {
        assertThat(STRICT.refusal("http://93.184.215.14/hook")).contains("https", "ROSTER_WEBHOOKS_ALLOW_HTTP");
        assertThat(guard(List.of(), true).refusal("http://93.184.215.14/hook")).isNull();
        assertThat(guard(List.of("127.0.0.0/8"), false).refusal("http://127.0.0.1/hook")).isNull();
        assertThat(STRICT.refusal("ftp://93.184.215.14/hook")).contains("https");
        assertThat(STRICT.refusal("https://user:pw@93.184.215.14/hook")).contains("user info");
        assertThat(STRICT.refusal("not a url")).contains("not a valid URL");
    }

    @Test
    void a_name_is_refused_when_any_of_its_addresses_is_special() {
        Map<String, String[]> dns = Map.of("mixed.example.test", new String[]{"93.184.215.14", "10.0.0.7"},
                "public.example.test", new String[]{"93.184.215.14", "2606:4700:4700::1111"});
        WebhookTargetGuard guard = new WebhookTargetGuard(null, null, List.of(), false, host -> {
            String[] answer = dns.get(host);
            if (answer == null) {
                throw new java.net.UnknownHostException(host);
            }
            InetAddress[] addresses = new InetAddress[answer.length];
            for (int i = 0; i < answer.length; i++) {
                addresses[i] = InetAddress.getByName(answer[i]);
            }
            return addresses;
        });
        assertThat(guard.refusal("https://mixed.example.test/hook")).contains("10.0.0.7", "private-use");
        WebhookTargetGuard.Target target = guard.check("https://public.example.test/hook");
        assertThat(target.refusal()).isNull();
        assertThat(target.address().getHostAddress()).isEqualTo("93.184.215.14");
        assertThat(guard.refusal("https://nowhere.example.test/hook")).contains("does not resolve");
    }

    @Test
    void cidrs_match_by_prefix_bits() {
        SpecialAddresses.Cidr cgnat = SpecialAddresses.Cidr.parse("100.64.0.0/10");
        assertThat(cgnat.contains(new byte[]{100, 64, 0, 0})).isTrue();
        assertThat(cgnat.contains(new byte[]{100, 127, (byte) 255, (byte) 255})).isTrue();
        assertThat(cgnat.contains(new byte[]{100, (byte) 128, 0, 0})).isFalse();
        assertThat(cgnat.contains(new byte[16])).isFalse();
        assertThat(SpecialAddresses.Cidr.parse("::ffff:0:0/96").network()).hasSize(16);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpecialAddresses.Cidr.parse("example.com/8"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpecialAddresses.Cidr.parse("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
