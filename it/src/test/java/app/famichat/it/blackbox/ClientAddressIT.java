package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.RawHttp;
import app.famichat.it.support.TestDatabase;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rate limits per client address behind a trusted proxy (finding 5): a server of its own that trusts one
 * loopback address as its proxy and allows {@value #REGISTRATIONS} registrations per address and hour. The
 * addresses are random per run: the limit counters live in the shared database.
 */
class ClientAddressIT {

    private static final int REGISTRATIONS = 3;

    private static LaunchedFamichat famichat;
    private static InetAddress proxy;
    private static InetAddress stranger;

    @BeforeAll
    static void start() throws Exception {
        proxy = randomLoopback();
        do {
            stranger = randomLoopback();
        } while (stranger.equals(proxy));
        TestDatabase database = TestEnvironment.get().database();
        famichat = LaunchedFamichat.start(TestEnvironment.get().freshDirectory("client-address-server"), Map.of(
                "FAMICHAT_DB_URL", database.url(),
                "FAMICHAT_DB_USER", database.user(),
                "FAMICHAT_DB_PASSWORD", database.password(),
                "FAMICHAT_HTTP_TRUSTED_PROXIES", proxy.getHostAddress() + "/32",
                "FAMICHAT_RATE_LIMIT_REGISTER_ADDRESS", REGISTRATIONS + "/PT1H"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (famichat != null) {
            famichat.close();
        }
    }

    private static InetAddress randomLoopback() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return InetAddress.getByAddress(new byte[] {127, (byte) random.nextInt(1, 255), (byte) random.nextInt(1, 255),
                (byte) random.nextInt(2, 255)});
    }

    private static String randomDocumentationAddress() {
        return "198.51." + ThreadLocalRandom.current().nextInt(0, 256) + "." + ThreadLocalRandom.current().nextInt(1, 255);
    }

    private static int register(InetAddress from, String... headerLines) throws Exception {
        byte[] body = Users.registration(Users.uniqueName("addr"), "Addr").getBytes(StandardCharsets.UTF_8);
        String[] lines = new String[headerLines.length + 1];
        lines[0] = "Content-Type: application/json";
        System.arraycopy(headerLines, 0, lines, 1, headerLines.length);
        return RawHttp.request(famichat.baseUrl(), from, "POST", "/api/v1/accounts", body, lines).status();
    }

    @Test
    void clientsBehindATrustedProxyHaveLimitsOfTheirOwn() throws Exception {
        String first = randomDocumentationAddress();
        String second = randomDocumentationAddress();
        while (second.equals(first)) {
            second = randomDocumentationAddress();
        }
        for (int i = 0; i < REGISTRATIONS; i++) {
            // a client's own claim left of the proxy's entry changes nothing
            assertEquals(201, register(proxy, "X-Forwarded-For: 10.0.0." + i + ", " + first));
        }
        assertEquals(429, register(proxy, "X-Forwarded-For: " + first));
        assertEquals(201, register(proxy, "X-Forwarded-For: " + second), "another client behind the same proxy");
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String network = "2001:db8:" + Integer.toHexString(random.nextInt(1, 0xffff)) + ":"
                + Integer.toHexString(random.nextInt(0, 0xfffe)) + ":";
        for (int i = 0; i < REGISTRATIONS; i++) {
            assertEquals(201, register(proxy, "X-Forwarded-For: " + network + Integer.toHexString(i + 1) + "::1"));
        }
        assertEquals(429, register(proxy, "X-Forwarded-For: " + network + "ffff::1"), "same /64, other address");
    }

    @Test
    void aSpoofedHeaderFromAnUntrustedPeerIsIgnored() throws Exception {
        for (int i = 0; i < REGISTRATIONS; i++) {
            assertEquals(201, register(stranger, "X-Forwarded-For: " + randomDocumentationAddress()));
        }
        assertEquals(429, register(stranger, "X-Forwarded-For: " + randomDocumentationAddress()));
        assertEquals(429, register(stranger));
    }
}
