package app.famichat.web.address;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The address of the client behind a request: the socket's peer, unless that peer is a trusted proxy; then
 * the right-most hop of the forwarding header that is not itself a trusted proxy. Hops further left were
 * written by the client or by proxies nobody vouches for, so they are never believed (a client cannot pick
 * its own rate-limit key by sending {@code X-Forwarded-For}).
 *
 * <p>Never log {@link #address()} or {@link #rateLimitKey()} in clear: they identify a household.
 *
 * @param address the client's address; empty only if the socket's peer was not an IP address at all
 */
public record ClientAddress(Optional<InetAddress> address) {

    private static final ClientAddress UNKNOWN = new ClientAddress(Optional.empty());

    /**
     * Resolves the client of a request whose socket peer is {@code peer} and whose forwarding header has the
     * given lines. When the nearest untrusted hop is not an address (garbage, {@code unknown}), the client is
     * the last trusted proxy: what that proxy says about its client cannot be used, and its own address is
     * the nearest fact (such clients share that proxy's limits).
     */
    public static ClientAddress resolve(String peer, List<String> headerLines, TrustedProxies trusted,
                                        ForwardedHeader header) {
        Optional<InetAddress> peerAddress = IpAddresses.parse(peer);
        if (peerAddress.isEmpty()) {
            return UNKNOWN;
        }
        InetAddress nearest = peerAddress.get();
        if (!trusted.contains(nearest) || headerLines.isEmpty()) {
            return new ClientAddress(peerAddress);
        }
        List<String> hops = header.hops(headerLines);
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = IpAddresses.parse(hops.get(i));
            if (hop.isEmpty()) {
                break;
            }
            nearest = hop.get();
            if (!trusted.contains(nearest)) {
                break;
            }
        }
        return new ClientAddress(Optional.of(nearest));
    }

    /**
     * The key for limits per client address: the IPv4 address or the IPv6 /64 network ({@link IpAddresses#bucket}).
     * Hash or HMAC it before storing it.
     */
    public String rateLimitKey() {
        return address.map(IpAddresses::bucket).orElse("unknown");
    }

    @Override
    public String toString() {
        return "ClientAddress[not shown]"; // an address identifies a household: never in logs by accident
    }
}
