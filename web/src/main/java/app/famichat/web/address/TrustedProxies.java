package app.famichat.web.address;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks whose forwarding headers are believed ({@code famichat.http.trusted-proxies}: CIDRs such as
 * {@code 10.0.0.0/8} or {@code ::1/128}, or bare addresses). Empty: no header is believed.
 */
public final class TrustedProxies {

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Network(InetAddress address, int prefixLength) {
    }

    private final List<Network> networks;

    private TrustedProxies(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    /** Parses a comma-separated list; throws with the offending entry for anything that is not a CIDR. */
    public static TrustedProxies parse(String commaSeparated) {
        List<Network> networks = new ArrayList<>();
        for (String entry : commaSeparated.split(",")) {
            String cidr = entry.strip();
            if (!cidr.isEmpty()) {
                networks.add(network(cidr));
            }
        }
        return new TrustedProxies(networks);
    }

    private static Network network(String cidr) {
        int slash = cidr.indexOf('/');
        String addressPart = slash < 0 ? cidr : cidr.substring(0, slash);
        InetAddress address = IpAddresses.parse(addressPart).filter(parsed -> !addressPart.contains("["))
                .orElseThrow(() -> invalid(cidr));
        int maxLength = address instanceof Inet4Address ? 32 : 128;
        int prefixLength = maxLength;
        if (slash >= 0) {
            try {
                prefixLength = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw invalid(cidr);
            }
            // an IPv4-mapped network (::ffff:10.0.0.0/104) is kept as the IPv4 network it means
            if (address instanceof Inet4Address && addressPart.contains(":")) {
                prefixLength -= 96;
            }
        }
        if (prefixLength < 0 || prefixLength > maxLength) {
            throw invalid(cidr);
        }
        return new Network(address, prefixLength);
    }

    private static IllegalArgumentException invalid(String cidr) {
        return new IllegalArgumentException("famichat.http.trusted-proxies: '" + cidr
                + "' is not an address or CIDR (e.g. 10.0.0.0/8, 192.0.2.7, ::1/128)");
    }

    public boolean contains(InetAddress address) {
        return networks.stream().anyMatch(net -> IpAddresses.inNetwork(address, net.address(), net.prefixLength()));
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }
}
