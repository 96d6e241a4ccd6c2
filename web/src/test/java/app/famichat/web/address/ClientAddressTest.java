package app.famichat.web.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who the client is, for every shape of forwarding chain a client or a proxy can send. */
class ClientAddressTest {

    private static final TrustedProxies PROXIES = TrustedProxies.parse("10.0.0.0/8, 2001:db8:ffff::/48");

    private static String client(String peer, TrustedProxies trusted, ForwardedHeader header, String... lines) {
        return ClientAddress.resolve(peer, List.of(lines), trusted, header).rateLimitKey();
    }

    private static String xff(String peer, String... lines) {
        return client(peer, PROXIES, ForwardedHeader.X_FORWARDED_FOR, lines);
    }

    @Test
    void withoutTrustedProxiesNoHeaderIsBelieved() {
        assertEquals("192.0.2.9", client("192.0.2.9", TrustedProxies.NONE, ForwardedHeader.X_FORWARDED_FOR,
                "203.0.113.5"));
        assertEquals("10.1.1.1", client("10.1.1.1", TrustedProxies.parse(""), ForwardedHeader.X_FORWARDED_FOR,
                "203.0.113.5"));
    }

    @Test
    void anUntrustedPeerCannotSpoofItsAddress() {
        assertEquals("192.0.2.9", xff("192.0.2.9", "203.0.113.5"));
        assertEquals("192.0.2.9", xff("192.0.2.9", "10.0.0.1"));
    }

    @Test
    void behindATrustedProxyTheClientIsTheRightMostUntrustedHop() {
        assertEquals("203.0.113.5", xff("10.0.0.2", "203.0.113.5"));
        // the client wrote "1.1.1.1, 10.9.9.9" itself; the proxy appended what it saw
        assertEquals("203.0.113.5", xff("10.0.0.2", "1.1.1.1, 10.9.9.9, 203.0.113.5, 10.0.0.7"));
        // several header lines are one list, in the order received
        assertEquals("203.0.113.5", xff("10.0.0.2", "1.1.1.1", "203.0.113.5", "10.0.0.7"));
    }

    @Test
    void aChainOfOnlyTrustedProxiesGivesTheLeftMost() {
        assertEquals("10.0.0.9", xff("10.0.0.2", "10.0.0.9, 10.0.0.7"));
        assertEquals("10.0.0.2", xff("10.0.0.2"));
    }

    @Test
    void garbageWhereTheClientShouldBeFallsBackToTheLastTrustedProxy() {
        for (String garbage : List.of("", " ", "unknown", "example.com", "localhost", "1.2.3", "256.1.1.1",
                "01.2.3.4", "1.2.3.4.5", "::g", "fe80::1%eth0", "[::1", "1.2.3.4:port", ",,,",
                "\u0000", "x".repeat(5000), "203.0.113.5 203.0.113.6")) {
            assertEquals("10.0.0.2", xff("10.0.0.2", garbage), garbage);
            assertEquals("10.0.0.7", xff("10.0.0.2", "203.0.113.5, " + garbage + ", 10.0.0.7"), garbage);
        }
    }

    @Test
    void portsAndBracketsAreAccepted() {
        assertEquals("203.0.113.5", xff("10.0.0.2", "203.0.113.5:4711"));
        assertEquals("2001:db8:1:2:0:0:0:0/64", xff("10.0.0.2", "[2001:db8:1:2::77]:4711"));
    }

    @Test
    void ipv6IsBucketedBySlash64() {
        assertEquals("2001:db8:1:2:0:0:0:0/64", xff("2001:db8:1:2:aaaa::1"));
        assertEquals(xff("2001:db8:1:2:aaaa::1"), xff("2001:db8:1:2:bbbb:cccc:dddd:eeee"));
        assertTrue(!xff("2001:db8:1:2::1").equals(xff("2001:db8:1:3::1")));
        assertEquals("2001:db8:1:2:0:0:0:0/64", xff("2001:db8:ffff::1", "2001:db8:1:2::9"));
        assertEquals("2001:db8:ffff:0:0:0:0:0/64", xff("2001:db8:ffff::1"));
    }

    @Test
    void ipv4MappedAddressesAreTheirIpv4Address() {
        assertEquals("192.0.2.9", xff("::ffff:192.0.2.9"));
        assertEquals("203.0.113.5", xff("::ffff:10.0.0.2", "::ffff:203.0.113.5"));
        assertEquals("10.0.0.2", xff("::ffff:10.0.0.2", "::ffff:10.0.0.3, ::ffff:zz"));
        TrustedProxies mapped = TrustedProxies.parse("::ffff:10.0.0.0/104");
        assertEquals("203.0.113.5", client("10.1.2.3", mapped, ForwardedHeader.X_FORWARDED_FOR, "203.0.113.5"));
    }

    @Test
    void forwardedHeaderForValues() {
        ForwardedHeader forwarded = ForwardedHeader.FORWARDED;
        assertEquals("203.0.113.5", client("10.0.0.2", PROXIES, forwarded, "for=203.0.113.5;proto=https"));
        assertEquals("203.0.113.5", client("10.0.0.2", PROXIES, forwarded,
                "for=1.1.1.1, For=\"203.0.113.5\";by=10.0.0.2, for=10.0.0.7"));
        assertEquals("2001:db8:1:2:0:0:0:0/64", client("10.0.0.2", PROXIES, forwarded,
                "for=\"[2001:db8:1:2::5]:4711\""));
        // a quoted comma is not a separator; the value is not an address, so the proxy is the client
        assertEquals("10.0.0.2", client("10.0.0.2", PROXIES, forwarded, "for=\"1.1.1.1,2.2.2.2\""));
        assertEquals("10.0.0.2", client("10.0.0.2", PROXIES, forwarded, "for=unknown"));
        assertEquals("10.0.0.2", client("10.0.0.2", PROXIES, forwarded, "for=_hidden"));
        assertEquals("10.0.0.2", client("10.0.0.2", PROXIES, forwarded, "proto=https"));
        assertEquals("10.0.0.2", client("10.0.0.2", PROXIES, forwarded, "for=\"unterminated, for=1.1.1.1"));
        // X-Forwarded-For is ignored when Forwarded is configured, and the other way round
        assertEquals("10.0.0.2", client("10.0.0.2", PROXIES, forwarded, "203.0.113.5"));
        assertEquals("10.0.0.2", xff("10.0.0.2", "for=203.0.113.5"));
    }

    @Test
    void anUnparseablePeerSharesOneBucket() {
        assertEquals("unknown", xff("not-an-address"));
        assertEquals("unknown", xff(null));
    }

    @Test
    void settingsAreValidated() {
        for (String wrong : List.of("10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x", "example.com",
                "[::1]/128", "10.0.0.0/8,garbage")) {
            assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(wrong), wrong);
        }
        assertTrue(TrustedProxies.parse(" , ").isEmpty());
        assertEquals(ForwardedHeader.FORWARDED, ForwardedHeader.fromSetting("forwarded"));
        assertEquals(ForwardedHeader.X_FORWARDED_FOR, ForwardedHeader.fromSetting("X-Forwarded-For"));
        assertThrows(IllegalArgumentException.class, () -> ForwardedHeader.fromSetting("X-Real-IP"));
    }

    @Test
    void trustedNetworksMatchByPrefix() {
        TrustedProxies proxies = TrustedProxies.parse("192.0.2.128/25, 198.51.100.7, ::1");
        assertTrue(proxies.contains(IpAddresses.parse("192.0.2.200").orElseThrow()));
        assertTrue(!proxies.contains(IpAddresses.parse("192.0.2.127").orElseThrow()));
        assertTrue(proxies.contains(IpAddresses.parse("198.51.100.7").orElseThrow()));
        assertTrue(!proxies.contains(IpAddresses.parse("198.51.100.8").orElseThrow()));
        assertTrue(proxies.contains(IpAddresses.parse("::1").orElseThrow()));
        assertTrue(!proxies.contains(IpAddresses.parse("::2").orElseThrow()));
    }

    @Test
    void neverShowsTheAddress() {
        assertEquals("ClientAddress[not shown]", ClientAddress.resolve("192.0.2.9", List.of(), PROXIES,
                ForwardedHeader.X_FORWARDED_FOR).toString());
    }
}
