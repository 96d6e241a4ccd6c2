package app.famichat.web.address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict parsing of IP address literals from headers and the socket. Never a DNS lookup: a header value that
 * is not a literal is refused, not resolved (a forwarded "address" must not make the server query DNS).
 */
public final class IpAddresses {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV4_WITH_PORT = Pattern.compile("([\\d.]+):\\d{1,5}");
    private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[([^\\]]+)](?::\\d{1,5})?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {
    }

    /**
     * The address in {@code text}: an IPv4 dotted quad, an IPv6 literal (bare or in brackets), either with a
     * port ({@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}, as some proxies write them). IPv4-mapped IPv6
     * addresses ({@code ::ffff:192.0.2.1}) come back as the IPv4 address. Anything else, IPv6 zone ids
     * included, is empty.
     */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.strip();
        Matcher bracketed = BRACKETED_IPV6.matcher(candidate);
        if (bracketed.matches()) {
            return parseIpv6(bracketed.group(1));
        }
        Matcher withPort = IPV4_WITH_PORT.matcher(candidate);
        if (withPort.matches()) {
            candidate = withPort.group(1);
        }
        Matcher ipv4 = IPV4.matcher(candidate);
        if (ipv4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                String octet = ipv4.group(i + 1);
                int value = Integer.parseInt(octet);
                if (value > 255 || (octet.length() > 1 && octet.charAt(0) == '0')) {
                    return Optional.empty(); // leading zeros read as octal by some parsers: ambiguous, refused
                }
                bytes[i] = (byte) value;
            }
            return Optional.of(byAddress(bytes));
        }
        return parseIpv6(candidate);
    }

    private static Optional<InetAddress> parseIpv6(String text) {
        // Only hex digits, colons and dots (an embedded IPv4 part), with at least one colon: InetAddress then
        // parses it as a literal and never looks it up.
        if (!IPV6.matcher(text).matches() || text.indexOf(':') < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty();
        }
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalArgumentException(impossible); // only thrown for a wrong array length
        }
    }

    /**
     * The key that rate limits count on: the IPv4 address, or the /64 network of an IPv6 address (one
     * subscriber usually holds a whole /64, so per-address limits on IPv6 would be trivially bypassed).
     */
    public static String bucket(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        for (int i = 8; i < 16; i++) {
            bytes[i] = 0;
        }
        return byAddress(bytes).getHostAddress() + "/64";
    }

    /** Whether {@code address} lies in {@code network}/{@code prefixLength}. */
    static boolean inNetwork(InetAddress address, InetAddress network, int prefixLength) {
        if ((address instanceof Inet6Address) != (network instanceof Inet6Address)) {
            return false;
        }
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = 0xFF << (8 - remainingBits);
        return (a[fullBytes] & mask) == (n[fullBytes] & mask);
    }
}
