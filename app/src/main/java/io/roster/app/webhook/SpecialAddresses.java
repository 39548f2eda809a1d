package io.roster.app.webhook;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Addresses a webhook must not reach unless an operator allows them: every block of the IANA IPv4 and IPv6
 * Special-Purpose Address Registries (iana.org/assignments/iana-ipv4-special-registry and
 * iana-ipv6-special-registry, as of 2025), the multicast spaces, and the IPv6 forms that embed an IPv4 address
 * (IPv4-compatible, IPv4-mapped, NAT64, 6to4, Teredo), which would otherwise carry a request to a private
 * IPv4 host past an IPv4-only check. Whole blocks are refused even where a registry marks part of one
 * "globally reachable" (AS112, AMT, ORCHIDv2): no webhook receiver lives there.
 * More specific blocks come first, so a refusal names the most precise range.
 */
final class SpecialAddresses {

    record Range(Cidr cidr, String name) {
    }

    static final List<Range> RANGES = List.of(
            // IANA IPv4 Special-Purpose Address Registry
            range("0.0.0.0/8", "\"this network\""),
            range("10.0.0.0/8", "private-use"),
            range("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local (cloud metadata)"),
            range("172.16.0.0/12", "private-use"),
            range("192.0.0.0/24", "IETF protocol assignments"),
            range("192.0.2.0/24", "documentation (TEST-NET-1)"),
            range("192.31.196.0/24", "AS112-v4"),
            range("192.52.193.0/24", "AMT"),
            range("192.88.99.0/24", "deprecated 6to4 relay anycast"),
            range("192.168.0.0/16", "private-use"),
            range("192.175.48.0/24", "direct delegation AS112 service"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation (TEST-NET-2)"),
            range("203.0.113.0/24", "documentation (TEST-NET-3)"),
            range("255.255.255.255/32", "limited broadcast"),
            range("240.0.0.0/4", "reserved"),
            // IANA IPv4 Multicast Address Space Registry
            range("224.0.0.0/4", "multicast"),
            // IANA IPv6 Special-Purpose Address Registry
            range("::1/128", "loopback"),
            range("::/128", "unspecified"),
            range("::ffff:0:0/96", "IPv4-mapped"),
            range("::/96", "IPv4-compatible (deprecated, RFC 4291)"),
            range("64:ff9b::/96", "IPv4-IPv6 translation (NAT64)"),
            range("64:ff9b:1::/48", "local-use IPv4-IPv6 translation (NAT64)"),
            range("100::/64", "discard-only"),
            range("100:0:0:1::/64", "dummy IPv6 prefix"),
            range("2001::/32", "Teredo"),
            range("2001:2::/48", "benchmarking"),
            range("2001:10::/28", "deprecated ORCHID"),
            range("2001:20::/28", "ORCHIDv2"),
            range("2001::/23", "IETF protocol assignments"),
            range("2001:db8::/32", "documentation"),
            range("2002::/16", "6to4"),
            range("2620:4f:8000::/48", "direct delegation AS112 service"),
            range("3fff::/20", "documentation"),
            range("5f00::/16", "segment routing (SRv6) SIDs"),
            range("fc00::/7", "unique-local"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "deprecated site-local"),
            // IANA IPv6 Multicast Address Space Registry
            range("ff00::/8", "multicast"));

    private SpecialAddresses() {
    }

    /** The name of the special-purpose range holding {@code address} (4 or 16 bytes), or null for a public one. */
    static String rangeOf(byte[] address) {
        for (Range range : RANGES) {
            if (range.cidr().contains(address)) {
                return range.name();
            }
        }
        return null;
    }

    private static Range range(String cidr, String name) {
        return new Range(Cidr.parse(cidr), name);
    }

    /**
     * The bytes of {@code address} as written: Java turns an IPv4-mapped IPv6 literal ({@code ::ffff:127.0.0.1})
     * into a plain IPv4 address, which would let it pass as whatever the embedded IPv4 address is allowed to be.
     */
    static byte[] bytes(InetAddress address, boolean writtenAsIpv6) {
        byte[] raw = address.getAddress();
        if (address instanceof Inet4Address && writtenAsIpv6) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(raw, 0, mapped, 12, 4);
            return mapped;
        }
        return raw;
    }

    /** An IPv4 or IPv6 network in CIDR notation; IPv6 networks stay 16 bytes long, mapped or not. */
    record Cidr(byte[] network, int prefix, String text) {

        static Cidr parse(String cidr) {
            String[] parts = cidr.strip().split("/", -1);
            try {
                if (parts.length > 2 || !parts[0].matches("[0-9A-Fa-f:.]+")) {
                    throw new IllegalArgumentException("not a CIDR: " + cidr);
                }
                InetAddress address = InetAddress.getByName(parts[0]); // a literal: never a DNS lookup
                byte[] network = bytes(address, parts[0].contains(":"));
                int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("not a CIDR: " + cidr);
                }
                return new Cidr(network, prefix, cidr.strip());
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR: " + cidr, e);
            }
        }

        boolean contains(byte[] candidate) {
            if (candidate.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[whole] & mask) == (network[whole] & mask);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Cidr cidr && java.util.Arrays.equals(network, cidr.network) && prefix == cidr.prefix;
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(network) * 31 + prefix;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
