package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Http;
import app.famichat.it.support.ScrapedMetrics;
import app.famichat.it.support.ServerLog;
import app.famichat.it.support.SilentSocketClient;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WebSocket endpoint of the packaged server ({@code /api/v1/socket}): authentication by first frame,
 * revocation, heartbeats, bad frames and the connection registry, seen from a client and from the database.
 */
class WebSocketIT {

    private static final Duration AUTH_TIMEOUT = TestEnvironment.PACKAGED_SOCKET_AUTH_TIMEOUT;
    private static final Duration HEARTBEAT = TestEnvironment.PACKAGED_SOCKET_HEARTBEAT;
    /** Ample time for something that should happen at once (a broadcast revocation takes milliseconds). */
    private static final Duration SOON = Duration.ofSeconds(5);

    private static String baseUrl;
    private static Http anonymous;

    @BeforeAll
    static void server() throws Exception {
        baseUrl = TestEnvironment.get().packagedServer().baseUrl();
        anonymous = new Http(baseUrl);
    }

    @Test
    void aGoodTokenGetsReadyAndPingsArePonged() throws Exception {
        Users.SignedIn alice = Users.registerAndSignIn(anonymous, "ws-ready");
        try (SocketClient socket = SocketClient.connect(baseUrl)) {
            JsonObject ready = socket.send(SocketClient.auth(alice.token())).next();
            assertEquals("ready", ready.getString("type"));
            assertEquals(alice.id().toString(), ready.getString("userId"));
            assertEquals(alice.deviceId(), ready.getInt("deviceId"));
            assertEquals(HEARTBEAT.toSeconds(), ready.getInt("heartbeatSeconds"));
            assertEquals(Map.of("type", "pong"), strings(socket.send("{\"type\":\"ping\"}").next()));
            assertEquals(Map.of("type", "pong"), strings(socket.send("{\"type\":\"ping\"}").next()));
        }
    }

    @Test
    void noAuthFrameWithinTheTimeoutCloses4401() throws Exception {
        long start = System.nanoTime();
        try (SocketClient socket = SocketClient.connect(baseUrl)) {
            assertEquals(4401, socket.awaitClose(AUTH_TIMEOUT.plus(SOON)));
        }
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited >= AUTH_TIMEOUT.toMillis() - 200, "closed after " + waited + " ms");
    }

    static Stream<String> badFirstFrames() {
        return Stream.of(
                SocketClient.auth("not-a-token"),
                SocketClient.auth("fc1_" + "A".repeat(43)), // well-formed, never issued
                SocketClient.auth(""),
                "{\"type\":\"auth\",\"token\":42}",
                "{\"type\":\"auth\"}",
                "{\"type\":\"ping\"}",
                // message frames before authentication
                "{\"type\":\"send\",\"conversationId\":\"" + UUID.randomUUID()
                        + "\",\"clientMessageId\":\"c-1\",\"body\":\"hi\"}",
                "{\"type\":\"ack\",\"messageId\":\"" + UUID.randomUUID() + "\"}",
                "{\"type\":\"hello\"}",
                "not json");
    }

    @ParameterizedTest
    @MethodSource("badFirstFrames")
    void anyFirstFrameButAGoodAuthCloses4401(String frame) throws Exception {
        try (SocketClient socket = SocketClient.connect(baseUrl)) {
            assertEquals(4401, socket.send(frame).awaitClose(SOON));
        }
    }

    /**
     * A first frame nested deeper than the JSON parser's 1,000 levels is a malformed frame like any other: 4401,
     * nothing logged at SEVERE or with a stack trace, and the server_error count that alerts watch stays put.
     */
    @Test
    void aDeeplyNestedFirstFrameCloses4401AndIsNoServerError() throws Exception {
        double serverErrors = serverErrorCloses();
        ServerLog log = ServerLog.mark();
        try (SocketClient socket = SocketClient.connect(baseUrl)) {
            assertEquals(4401, socket.send(nested(1_500)).awaitClose(SOON));
        }
        String logged = log.written();
        assertFalse(logged.contains("SEVERE"), logged);
        assertFalse(logged.contains("\tat "), "no stack trace: " + logged);
        assertEquals(serverErrors, serverErrorCloses());
    }

    /**
     * What an unauthenticated client can write to the log is bounded: 160 deeply nested first frames in a few
     * seconds (before the fix: a 75 KB stack trace each, 12 MB, rotating the log history away) add under 16 KB.
     */
    @Test
    void aFloodOfBadFirstFramesCannotFloodTheLog() throws Exception {
        ServerLog log = ServerLog.mark();
        long start = System.nanoTime();
        for (int i = 0; i < 160; i++) {
            try (SocketClient socket = SocketClient.connect(baseUrl)) {
                assertEquals(4401, socket.send(nested(1_500)).awaitClose(SOON));
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        long grown = log.grownBytes();
        System.out.printf("160 deeply nested first frames in %d s grew the server log by %d bytes%n", seconds, grown);
        assertTrue(grown < 16 * 1024, "the log grew by " + grown + " bytes");
    }

    /** {"type":"ping","x":[[[...]]]} nested {@code depth} arrays deep. */
    private static String nested(int depth) {
        return "{\"type\":\"ping\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    private static double serverErrorCloses() throws Exception {
        return ScrapedMetrics.scrape(anonymous).value("famichat_socket_closed_by_server_total",
                "reason=\"server_error\"");
    }

    @Test
    void anExpiredTokenCloses4401() throws Exception {
        Users.SignedIn frank = Users.registerAndSignIn(anonymous, "ws-expired");
        expireTokensOf(frank.id());
        try (SocketClient socket = SocketClient.connect(baseUrl)) {
            assertEquals(4401, socket.send(SocketClient.auth(frank.token())).awaitClose(SOON));
        }
    }

    @Test
    void aRevokedTokenCloses4401() throws Exception {
        Users.SignedIn gina = Users.registerAndSignIn(anonymous, "ws-revoked");
        assertEquals(204, gina.http().delete("/api/v1/sessions/current").statusCode());
        try (SocketClient socket = SocketClient.connect(baseUrl)) {
            assertEquals(4401, socket.send(SocketClient.auth(gina.token())).awaitClose(SOON));
        }
    }

    @Test
    void signingOutClosesTheSocketsOfThatTokenOnly() throws Exception {
        Users.SignedIn phone = Users.registerAndSignIn(anonymous, "ws-signout");
        Users.SignedIn laptop = Users.signInNewDevice(anonymous, phone.username());
        try (SocketClient phoneSocket = SocketClient.ready(baseUrl, phone.token());
             SocketClient secondPhoneSocket = SocketClient.ready(baseUrl, phone.token());
             SocketClient laptopSocket = SocketClient.ready(baseUrl, laptop.token())) {
            assertEquals(204, phone.http().delete("/api/v1/sessions/current").statusCode());
            assertEquals(4401, phoneSocket.awaitClose(SOON));
            assertEquals(4401, secondPhoneSocket.awaitClose(SOON));
            assertEquals("pong", laptopSocket.send("{\"type\":\"ping\"}").next().getString("type"));
            assertFalse(laptopSocket.isClosed());
        }
    }

    @Test
    void signingOutEverywhereClosesEverySocketOfTheUser() throws Exception {
        Users.SignedIn phone = Users.registerAndSignIn(anonymous, "ws-everywhere");
        Users.SignedIn laptop = Users.signInNewDevice(anonymous, phone.username());
        Users.SignedIn other = Users.registerAndSignIn(anonymous, "ws-bystander");
        try (SocketClient phoneSocket = SocketClient.ready(baseUrl, phone.token());
             SocketClient laptopSocket = SocketClient.ready(baseUrl, laptop.token());
             SocketClient otherSocket = SocketClient.ready(baseUrl, other.token())) {
            assertEquals(204, laptop.http().delete("/api/v1/sessions").statusCode());
            assertEquals(4401, phoneSocket.awaitClose(SOON));
            assertEquals(4401, laptopSocket.awaitClose(SOON));
            assertEquals("pong", otherSocket.send("{\"type\":\"ping\"}").next().getString("type"));
        }
    }

    @Test
    void removingADeviceClosesItsSockets() throws Exception {
        Users.SignedIn phone = Users.registerAndSignIn(anonymous, "ws-device");
        Users.SignedIn tablet = Users.signInNewDevice(anonymous, phone.username());
        try (SocketClient tabletSocket = SocketClient.ready(baseUrl, tablet.token())) {
            assertEquals(204, phone.http().delete("/api/v1/me/devices/" + tablet.deviceId()).statusCode());
            assertEquals(4401, tabletSocket.awaitClose(SOON));
        }
    }

    @Test
    void badFramesGetAnErrorFrameAndTheSocketStaysUsable() throws Exception {
        Users.SignedIn hugo = Users.registerAndSignIn(anonymous, "ws-bad");
        try (SocketClient socket = SocketClient.ready(baseUrl, hugo.token())) {
            for (String frame : List.of("{nope", "[1,2]", "", "{\"type\":\"ping\"} trailing", "{\"type\":7}",
                    "{\"type\":\"launch-missiles\"}", "{\"type\":\"ping\",\"secret\":\"s3cret\"}",
                    SocketClient.auth(hugo.token()), nested(1_500))) {
                JsonObject error = socket.send(frame).next();
                assertEquals("error", error.getString("type"), frame);
                JsonObject problem = error.getJsonObject("problem");
                assertEquals("urn:famichat:problem:malformed-request", problem.getString("type"), frame);
                assertEquals(400, problem.getInt("status"));
                assertFalse(problem.getString("title").isBlank());
                String detail = problem.getString("detail");
                assertFalse(detail.contains("missiles") || detail.contains("s3cret"), "details never echo the input");
            }
            JsonObject binary = socket.sendBinary(new byte[] {1, 2, 3}).next().getJsonObject("problem");
            assertEquals("urn:famichat:problem:unsupported-media-type", binary.getString("type"));
            assertEquals(415, binary.getInt("status"));
            assertEquals("pong", socket.send("{\"type\":\"ping\"}").next().getString("type"));
        }
    }

    /** famichat.socket.max-per-device (5): the sixth socket of a device is closed 4429; closing one frees a place. */
    @Test
    void theSixthSocketOfADeviceCloses4429() throws Exception {
        Users.SignedIn nina = Users.registerAndSignIn(anonymous, "ws-cap");
        List<SocketClient> five = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                five.add(SocketClient.ready(baseUrl, nina.token()));
            }
            try (SocketClient sixth = SocketClient.connect(baseUrl)) {
                assertEquals(4429, sixth.send(SocketClient.auth(nina.token())).awaitClose(SOON));
            }
            assertEquals(5, registryRows(nina.id()).size(), "the refused socket left no row");
            for (SocketClient socket : five) {
                assertEquals("pong", socket.send("{\"type\":\"ping\"}").next().getString("type"), "still open");
            }

            five.remove(0).close();
            awaitTrue(() -> registryRows(nina.id()).size() == 4, SOON, "a closed socket frees its place");
            five.add(SocketClient.ready(baseUrl, nina.token()));
        } finally {
            five.forEach(SocketClient::close);
        }
    }

    /** An error frame echoes a send frame's clientMessageId only if it is valid, never 64 KiB of anything. */
    @Test
    void anErrorFrameDoesNotEchoAnInvalidClientMessageId() throws Exception {
        Users.SignedIn olga = Users.registerAndSignIn(anonymous, "ws-echo");
        String huge = "A".repeat(64 * 1024 - 200);
        try (SocketClient socket = SocketClient.ready(baseUrl, olga.token())) {
            for (String conversationId : List.of("not-a-uuid", UUID.randomUUID().toString())) {
                JsonObject error = socket.send("{\"type\":\"send\",\"conversationId\":\"" + conversationId
                        + "\",\"clientMessageId\":\"" + huge + "\",\"body\":\"hi\"}").next();
                assertEquals("error", error.getString("type"));
                assertFalse(error.containsKey("clientMessageId"), conversationId);
                assertTrue(error.toString().length() < 1_000, error.toString());
            }
        }
    }

    @Test
    void aFrameOverTheSizeLimitCloses1009() throws Exception {
        Users.SignedIn iris = Users.registerAndSignIn(anonymous, "ws-big");
        try (SocketClient socket = SocketClient.ready(baseUrl, iris.token())) {
            socket.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}");
            assertEquals(1009, socket.awaitClose(SOON));
        }
        awaitTrue(() -> registryRows(iris.id()).isEmpty(), SOON, "the registry row goes with the socket");
    }

    @Test
    void theRegistryHoldsARowWhileConnectedRenewedByHeartbeats() throws Exception {
        Users.SignedIn jane = Users.registerAndSignIn(anonymous, "ws-registry");
        try (SocketClient socket = SocketClient.ready(baseUrl, jane.token())) {
            List<RegistryRow> rows = registryRows(jane.id());
            assertEquals(1, rows.size(), "inserted before the ready frame");
            RegistryRow first = rows.get(0);
            assertEquals(jane.deviceId(), first.deviceId());
            assertFalse(first.nodeId().isBlank());
            assertFalse(first.lastSeen().isBefore(first.connectedAt()));
            assertTrue(first.expiresAt().isAfter(first.lastSeen()));

            awaitTrue(() -> registryRows(jane.id()).get(0).lastSeen().isAfter(first.lastSeen()),
                    HEARTBEAT.multipliedBy(3), "a heartbeat renews the row");
            assertTrue(socket.pings() >= 1, "the server pings every heartbeat");
            assertEquals("pong", socket.send("{\"type\":\"ping\"}").next().getString("type"), "still open");
        }
        awaitTrue(() -> registryRows(jane.id()).isEmpty(), SOON, "a closed socket leaves the registry");
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsClosed4408AndLeavesTheRegistry() throws Exception {
        Users.SignedIn kim = Users.registerAndSignIn(anonymous, "ws-silent");
        try (SilentSocketClient silent = SilentSocketClient.connect(baseUrl)) {
            silent.sendText(SocketClient.auth(kim.token()));
            awaitTrue(() -> registryRows(kim.id()).size() == 1, SOON, "registered");
            long start = System.nanoTime();
            assertEquals(4408, silent.awaitClose(HEARTBEAT.multipliedBy(3).plus(SOON)));
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited >= HEARTBEAT.multipliedBy(2).toMillis() - 500, "closed after " + waited + " ms");
        }
        awaitTrue(() -> registryRows(kim.id()).isEmpty(), SOON, "an idle socket leaves the registry");
    }

    @Test
    void aTokenThatExpiresWhileConnectedClosesTheSocketAtTheNextHeartbeat() throws Exception {
        Users.SignedIn lea = Users.registerAndSignIn(anonymous, "ws-expiring");
        try (SocketClient socket = SocketClient.ready(baseUrl, lea.token())) {
            expireTokensOf(lea.id());
            assertEquals(4401, socket.awaitClose(HEARTBEAT.plus(SOON)));
        }
    }

    @Test
    void metricsCountOpenSocketsWithoutNamingAnyone() throws Exception {
        Users.SignedIn max = Users.registerAndSignIn(anonymous, "ws-metrics");
        try (SocketClient socket = SocketClient.ready(baseUrl, max.token())) {
            String metrics = anonymous.get("/metrics").body();
            long open = metrics.lines().filter(line -> line.startsWith("famichat_socket_open{"))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst().orElseThrow();
            assertTrue(open >= 1, metrics);
            assertTrue(metrics.contains(
                    "famichat_socket_closed_by_server_total{mp_scope=\"application\",reason=\"idle\"}"), metrics);
            assertFalse(metrics.contains(max.id().toString()));
            assertFalse(metrics.contains(max.username()));
        }
    }

    private record RegistryRow(int deviceId, String nodeId, OffsetDateTime connectedAt, OffsetDateTime lastSeen,
                               OffsetDateTime expiresAt) {
    }

    private static List<RegistryRow> registryRows(UUID userId) throws SQLException {
        try (Connection db = TestEnvironment.get().database().connect();
             PreparedStatement query = db.prepareStatement("SELECT device_id, node_id, connected_at, last_seen, "
                     + "expires_at FROM device_connections WHERE user_id = ? ORDER BY connected_at")) {
            query.setObject(1, userId);
            List<RegistryRow> rows = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(new RegistryRow(row.getInt(1), row.getString(2), row.getObject(3, OffsetDateTime.class),
                            row.getObject(4, OffsetDateTime.class), row.getObject(5, OffsetDateTime.class)));
                }
            }
            return rows;
        }
    }

    private static void expireTokensOf(UUID userId) throws SQLException {
        assertEquals(1, TestEnvironment.get().database().update(
                "UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE user_id = ?", userId));
    }

    private static Map<String, String> strings(JsonObject json) {
        return json.keySet().stream().collect(Collectors.toMap(key -> key, json::getString));
    }

    private static void awaitTrue(Callable<Boolean> condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
