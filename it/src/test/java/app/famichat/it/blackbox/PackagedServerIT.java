package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.famichat.it.support.Http;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.ListeningSockets;
import app.famichat.it.support.Users;
import app.famichat.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged server (the launcher's distribution on Payara Micro, embedded broker) driven over HTTP only,
 * with the shared test database: platform behaviour (health, metrics, the skeleton flow, bad input, listeners).
 */
class PackagedServerIT {

    private static LaunchedFamichat server;
    private static Http anonymous;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        server = TestEnvironment.get().packagedServer();
        anonymous = new Http(server.baseUrl());
        http = Users.registerAndSignIn(anonymous, "skeleton").http();
    }

    @Test
    void readinessNamesDatabaseBrokerAndProductionLibsignal() throws Exception {
        HttpResponse<String> response = anonymous.get("/health/ready");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject ready = Http.json(response);
        assertEquals("UP", ready.getString("status"));
        List<String> checks = ready.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .map(check -> check.getString("name") + "=" + check.getString("status")).sorted().toList();
        assertEquals(List.of("broker=UP", "database=UP", "libsignal=UP"), checks);
        JsonObject signal = ready.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("libsignal")).findFirst().orElseThrow()
                .getJsonObject("data");
        assertEquals(System.getProperty("famichat.libsignal.version"), signal.getString("version"));
        assertEquals("libsignal_jni.so", signal.getString("nativeLibrary"), "the production JNI library");
        assertEquals("true", signal.get("serverClassPath").toString().replace("\"", ""));
    }

    @Test
    void livenessIsUp() throws Exception {
        assertEquals(200, anonymous.get("/health/live").statusCode());
    }

    @Test
    void skeletonRoundTripOverHttp() throws Exception {
        HttpResponse<String> accepted = http.postJson("/api/v1/skeleton/sends",
                "{\"label\":\"black-box\",\"targets\":[\"alice\",\"bob\",\"carol\"]}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        String sendId = Http.json(accepted).getString("sendId");
        assertTrue(accepted.headers().firstValue("Location").orElseThrow().endsWith("/api/v1/skeleton/sends/" + sendId));

        JsonObject view = awaitDeliveries(sendId, 3);
        List<String> targets = view.getJsonArray("deliveries").getValuesAs(JsonObject.class).stream()
                .map(d -> d.getString("target")).toList();
        assertEquals(List.of("alice", "bob", "carol"), targets);
        assertEquals("black-box", view.getString("label"));
    }

    @Test
    void metricsShowTheSkeletonCounterAndTimer() throws Exception {
        HttpResponse<String> accepted = http.postJson("/api/v1/skeleton/sends", "{\"label\":\"metrics\",\"targets\":[\"m\"]}");
        awaitDeliveries(Http.json(accepted).getString("sendId"), 1);
        String metrics = http.get("/metrics").body();
        assertTrue(metrics.contains("famichat_skeleton_sends_total{mp_scope=\"application\"}"), metrics);
        assertTrue(metrics.contains("famichat_skeleton_publish_to_persisted_seconds_count{mp_scope=\"application\"}"));
        assertFalse(metrics.contains("metrics\""), "a label value must never appear in metrics");
    }

    static Stream<Arguments> badRequests() {
        String path = "/api/v1/skeleton/sends";
        return Stream.of(
                Arguments.of("malformed JSON", "POST", path, "application/json", "{\"label\":", 400),
                Arguments.of("not an object", "POST", path, "application/json", "[1,2]", 400),
                Arguments.of("empty body", "POST", path, "application/json", "", 400),
                Arguments.of("unknown field", "POST", path, "application/json",
                        "{\"label\":\"x\",\"targets\":[\"a\"],\"admin\":true}", 400),
                Arguments.of("wrong type", "POST", path, "application/json", "{\"label\":5,\"targets\":\"a\"}", 400),
                Arguments.of("blank label", "POST", path, "application/json", "{\"label\":\" \",\"targets\":[\"a\"]}", 400),
                Arguments.of("label too long", "POST", path, "application/json",
                        "{\"label\":\"" + "x".repeat(201) + "\",\"targets\":[\"a\"]}", 400),
                Arguments.of("no targets", "POST", path, "application/json", "{\"label\":\"x\",\"targets\":[]}", 400),
                Arguments.of("too many targets", "POST", path, "application/json",
                        "{\"label\":\"x\",\"targets\":[" + String.join(",",
                                Stream.iterate(0, i -> i + 1).limit(33).map(i -> "\"t" + i + "\"").toList()) + "]}", 400),
                Arguments.of("bad target", "POST", path, "application/json", "{\"label\":\"x\",\"targets\":[\"a b\"]}", 400),
                Arguments.of("null target", "POST", path, "application/json", "{\"label\":\"x\",\"targets\":[null]}", 400),
                Arguments.of("wrong content type", "POST", path, "text/plain", "hello", 415),
                Arguments.of("unknown send", "GET", path + "/00000000-0000-0000-0000-000000000000", null, null, 404),
                Arguments.of("not a UUID", "GET", path + "/not-a-uuid", null, null, 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputGetsAProblemDocumentAndChangesNothing(String name, String method, String path, String contentType,
                                                        String body, int status) throws Exception {
        String before = http.get("/metrics").body().lines()
                .filter(line -> line.startsWith("famichat_skeleton_sends_total")).findFirst().orElse("");
        HttpResponse<String> response = method.equals("GET") ? http.get(path) : http.post(path, contentType, body);
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonObject problem = Http.json(response);
        assertTrue(problem.getString("type").startsWith("urn:famichat:problem:"));
        assertEquals(status, problem.getInt("status"));
        String after = http.get("/metrics").body().lines()
                .filter(line -> line.startsWith("famichat_skeleton_sends_total")).findFirst().orElse("");
        assertEquals(before, after, "a rejected request must not send anything");
    }

    @Test
    void skeletonNeedsABearerToken() throws Exception {
        HttpResponse<String> response = anonymous.postJson("/api/v1/skeleton/sends",
                "{\"label\":\"x\",\"targets\":[\"a\"]}");
        assertEquals(401, response.statusCode());
        assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("urn:famichat:problem:unauthenticated", Http.json(response).getString("type"));
    }

    @Test
    void sendsAreRateLimitedPerDeviceWithRetryAfter() throws Exception {
        Http sender = Users.registerAndSignIn(anonymous, "burst").http();
        HttpResponse<String> last = null;
        // send-device-burst: 20 per 10 s, in fixed windows. Sends that straddle a window boundary may pass up to
        // twice the limit, so only 41 sends (well within 10 s) are sure to meet a 429.
        for (int i = 0; i < 41; i++) {
            last = sender.postJson("/api/v1/skeleton/sends", "{\"label\":\"burst\",\"targets\":[\"a\"]}");
            if (last.statusCode() == 429) {
                break;
            }
        }
        assertEquals(429, last.statusCode(), last.body());
        assertEquals("urn:famichat:problem:rate-limited", Http.json(last).getString("type"));
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
        // Another user is not affected.
        assertEquals(202, Users.registerAndSignIn(anonymous, "calm").http()
                .postJson("/api/v1/skeleton/sends", "{\"label\":\"calm\",\"targets\":[\"a\"]}").statusCode());
    }

    @Test
    void everyListenerIsOnLoopback() throws Exception {
        assumeTrue(ListeningSockets.supported(), "needs Linux /proc");
        List<String> listeners = new ArrayList<>();
        for (ProcessHandle process : server.processTree()) {
            listeners.addAll(ListeningSockets.of(process.pid()));
        }
        assertFalse(listeners.isEmpty());
        assertTrue(listeners.stream().allMatch(ListeningSockets::isLoopback), listeners.toString());
    }

    @Test
    void brokerJournalLivesUnderTheDataDirectory() throws Exception {
        Path journal = server.dataDir().resolve("broker/journal");
        assertTrue(Files.isDirectory(journal), journal.toString());
        try (var files = Files.list(journal)) {
            assertTrue(files.anyMatch(file -> file.getFileName().toString().endsWith(".amq")));
        }
    }

    private static JsonObject awaitDeliveries(String sendId, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            JsonObject view = Http.json(http.get("/api/v1/skeleton/sends/" + sendId));
            if (view.getJsonArray("deliveries").size() >= expected || System.currentTimeMillis() > deadline) {
                assertEquals(expected, view.getJsonArray("deliveries").size(), view.toString());
                return view;
            }
            Thread.sleep(100);
        }
    }
}
