package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.famichat.it.support.FamilyChat;
import app.famichat.it.support.Http;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.ListeningSockets;
import app.famichat.it.support.Messages;
import app.famichat.it.support.Users;
import app.famichat.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged server (the launcher's distribution on Payara Micro, embedded broker) driven over HTTP only,
 * with the shared test database: platform behaviour (health, metrics, a message round trip, bad input, rate
 * limits, listeners).
 */
class PackagedServerIT {

    private static LaunchedFamichat server;
    private static Http anonymous;
    private static Users.SignedIn user;
    private static Http http;
    /** The user's notes to themselves: where the bad-input cases try to send. */
    private static String notes;

    @BeforeAll
    static void start() throws Exception {
        server = TestEnvironment.get().packagedServer();
        anonymous = new Http(server.baseUrl());
        user = Users.registerAndSignIn(anonymous, "packaged");
        http = user.http();
        notes = Messages.selfConversation(user);
    }

    @Test
    void readinessNamesDatabaseBrokerServingAndProductionLibsignal() throws Exception {
        HttpResponse<String> response = anonymous.get("/health/ready");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject ready = Http.json(response);
        assertEquals("UP", ready.getString("status"));
        List<String> checks = ready.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .map(check -> check.getString("name") + "=" + check.getString("status")).sorted().toList();
        assertEquals(List.of("broker=UP", "database=UP", "libsignal=UP", "serving=UP"), checks);
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
    void aMessageMakesTheRoundTripBetweenFamilyMembersOverHttp() throws Exception {
        FamilyChat family = FamilyChat.create(server.baseUrl(), "http", 1);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String conversation = family.conversation();

        JsonObject question = Messages.sent(ann, conversation, "q-1", "Who picks up the kids?");
        JsonObject page = Messages.awaitMessages(bob, conversation, 1);
        JsonObject received = Messages.messages(page).get(0);
        assertEquals(question.getString("messageId"), received.getString("messageId"));
        assertEquals(1, received.getJsonNumber("seq").longValue());
        assertEquals(ann.id().toString(), received.getString("senderId"));
        assertEquals(ann.deviceId(), received.getInt("senderDeviceId"));
        assertEquals(question.getString("sentAt"), received.getString("sentAt"));
        assertEquals("Who picks up the kids?", received.getString("body"));
        assertFalse(received.getBoolean("undecryptable"));

        HttpResponse<String> answer = Messages.send(bob, conversation, "a-1", "I do");
        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""));
        assertEquals(2, Http.json(answer).getJsonNumber("seq").longValue());
        JsonObject annPage = Messages.awaitMessages(ann, conversation, 2);
        assertEquals(List.of("Who picks up the kids?", "I do"), Messages.bodies(annPage));
        assertEquals("delivered", Messages.messages(annPage).get(0).getString("status"), "bob fetched it");
        assertFalse(Messages.messages(annPage).get(1).containsKey("status"), "bob's message: no status for ann");
    }

    @Test
    void metricsCountSendsAndTimeTheFanOutWithoutNamingAnything() throws Exception {
        FamilyChat family = FamilyChat.create(server.baseUrl(), "metrics", 1);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String conversation = family.conversation();
        String canary = "metrics-canary-" + UUID.randomUUID();

        double sentBefore = metric(SENT);
        double fannedOutBefore = metric(FANNED_OUT);
        JsonObject sent = Messages.sent(ann, conversation, "m-1", canary);
        assertTrue(metric(SENT) >= sentBefore + 1, "counted when accepted");
        long deadline = System.nanoTime() + Messages.WAIT.toNanos();
        while (metric(FANNED_OUT) < fannedOutBefore + 1) {
            assertTrue(System.nanoTime() < deadline, "the send -> envelopes committed timer never counted");
            Thread.sleep(50);
        }
        String metrics = http.get("/metrics").body();
        assertTrue(metrics.contains("famichat_message_send_to_envelopes_committed_seconds_sum{mp_scope=\"application\"}"),
                metrics);
        assertTrue(metrics.contains("famichat_message_send_to_envelopes_committed_seconds{mp_scope=\"application\",quantile=\"0.99\"}"),
                metrics);
        Messages.awaitMessages(bob, conversation, 1);
        metrics = http.get("/metrics").body();
        for (String secret : List.of(canary, ann.id().toString(), ann.username(), bob.id().toString(), conversation,
                sent.getString("messageId"), family.familyId().toString())) {
            assertFalse(metrics.contains(secret), "metrics never name a message, user or conversation: " + secret);
        }
    }

    private static final String SENT = "famichat_messages_sent_total{mp_scope=\"application\"}";
    private static final String FANNED_OUT =
            "famichat_message_send_to_envelopes_committed_seconds_count{mp_scope=\"application\"}";

    /** The value of one exported series (as Prometheus text), failing if it is not exported. */
    private static double metric(String series) throws Exception {
        String metrics = http.get("/metrics").body();
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " is not exported:\n" + metrics));
    }

    static Stream<Arguments> badRequests() {
        String path = "/api/v1/conversations/{conversation}/messages";
        return Stream.of(
                Arguments.of("malformed JSON", "POST", path, "application/json", "{\"body\":", 400),
                Arguments.of("not an object", "POST", path, "application/json", "[1,2]", 400),
                Arguments.of("empty body", "POST", path, "application/json", "", 400),
                Arguments.of("unknown field", "POST", path, "application/json",
                        "{\"clientMessageId\":\"b-1\",\"body\":\"x\",\"admin\":true}", 400),
                Arguments.of("wrong type", "POST", path, "application/json", "{\"clientMessageId\":5,\"body\":\"x\"}", 400),
                Arguments.of("body missing", "POST", path, "application/json", "{\"clientMessageId\":\"b-1\"}", 400),
                Arguments.of("clientMessageId missing", "POST", path, "application/json", "{\"body\":\"x\"}", 400),
                Arguments.of("blank body", "POST", path, "application/json", "{\"clientMessageId\":\"b-1\",\"body\":\" \"}", 400),
                Arguments.of("body too long", "POST", path, "application/json",
                        "{\"clientMessageId\":\"b-1\",\"body\":\"" + "x".repeat(4097) + "\"}", 400),
                Arguments.of("bad clientMessageId", "POST", path, "application/json",
                        "{\"clientMessageId\":\"a b\",\"body\":\"x\"}", 400),
                Arguments.of("wrong content type", "POST", path, "text/plain", "hello", 415),
                Arguments.of("unknown conversation", "POST", "/api/v1/conversations/" + UUID.randomUUID() + "/messages",
                        "application/json", "{\"clientMessageId\":\"b-1\",\"body\":\"x\"}", 404),
                Arguments.of("not a UUID", "POST", "/api/v1/conversations/not-a-uuid/messages", "application/json",
                        "{\"clientMessageId\":\"b-1\",\"body\":\"x\"}", 404),
                Arguments.of("bad read seq", "PUT", "/api/v1/conversations/{conversation}/read", "application/json",
                        "{\"seq\":-1}", 400),
                Arguments.of("read beyond the last message", "PUT", "/api/v1/conversations/{conversation}/read",
                        "application/json", "{\"seq\":1}", 400),
                Arguments.of("bad page limit", "GET", path + "?limit=0", null, null, 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputGetsAProblemDocumentAndSendsNothing(String name, String method, String path, String contentType,
                                                      String body, int status) throws Exception {
        double before = metric(SENT);
        HttpResponse<String> response = http.request(method, path.replace("{conversation}", notes), contentType, body);
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonObject problem = Http.json(response);
        assertTrue(problem.getString("type").startsWith("urn:famichat:problem:"));
        assertEquals(status, problem.getInt("status"));
        assertEquals(before, metric(SENT), "a rejected request must not send anything");
        assertEquals(0, Messages.messages(Messages.page(user, notes, "")).size());
    }

    @Test
    void messagesNeedABearerToken() throws Exception {
        for (String[] call : List.of(new String[] {"POST", "/messages", "{\"clientMessageId\":\"x\",\"body\":\"x\"}"},
                new String[] {"GET", "/messages", null}, new String[] {"PUT", "/read", "{\"seq\":0}"})) {
            HttpResponse<String> response = anonymous.request(call[0], "/api/v1/conversations/" + notes + call[1],
                    call[2] == null ? null : "application/json", call[2]);
            assertEquals(401, response.statusCode(), call[0] + " " + call[1]);
            assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals("urn:famichat:problem:unauthenticated", Http.json(response).getString("type"));
        }
    }

    /**
     * The shared server ships the send limits as they are (only the per-address sign-in and registration
     * limits are raised): 20 sends per device in 10 s. A fixed window lets up to twice that through across a
     * window boundary, so the 429 comes within 41 sends.
     */
    @Test
    void sendsAreRateLimitedPerDeviceWithRetryAfter() throws Exception {
        Users.SignedIn sender = Users.registerAndSignIn(anonymous, "burst");
        String senderNotes = Messages.selfConversation(sender);
        HttpResponse<String> last = null;
        int accepted = 0;
        for (int i = 0; i < 41; i++) {
            last = Messages.send(sender, senderNotes, "burst-" + i, "burst " + i);
            if (last.statusCode() != 202) {
                break;
            }
            accepted++;
        }
        assertEquals(429, last.statusCode(), last.body());
        assertTrue(accepted >= 20, accepted + " accepted before the limit");
        assertEquals("application/problem+json", last.headers().firstValue("Content-Type").orElse(""));
        assertEquals("urn:famichat:problem:rate-limited", Http.json(last).getString("type"));
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
        assertEquals(accepted, Messages.messages(Messages.page(sender, senderNotes, "limit=200")).size(),
                "the refused send stored nothing");

        // A retry of an accepted message is not a new send: answered even now.
        assertEquals(202, Messages.send(sender, senderNotes, "burst-0", "burst 0").statusCode());
        // Another user is not affected.
        Users.SignedIn calm = Users.registerAndSignIn(anonymous, "calm");
        assertEquals(202, Messages.send(calm, Messages.selfConversation(calm), "calm-1", "calm").statusCode());
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
}
