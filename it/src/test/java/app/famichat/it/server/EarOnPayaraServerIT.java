package app.famichat.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.PayaraServerFull;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TestDatabase;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import app.famichat.launcher.Distribution;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the operator's path: the RAR and the EAR deployed on Payara Server full profile (a fresh domain
 * from the distribution on Maven Central), libsignal in the domain's lib directory, and the message pipeline through
 * the EAR: a REST send, the fan-out queue and encryption MDB, the recipient's history, and a push to the recipient's
 * socket across the EJB jar and the WAR.
 */
class EarOnPayaraServerIT {

    private static PayaraServerFull server;
    private static Http http;
    private static Users.SignedIn ann;
    private static Users.SignedIn bob;
    private static String conversation;

    @BeforeAll
    static void deploy() throws Exception {
        TestEnvironment environment = TestEnvironment.get();
        Distribution distribution = environment.distribution();
        TestDatabase database = environment.database();
        server = PayaraServerFull.createDomain(Path.of(System.getProperty("famichat.it.payaraHome")),
                environment.freshDirectory("payara-server"));
        try (var jars = Files.list(distribution.serverLibraries())) {
            jars.forEach(server::addLibJar);
        }
        server.prependNativeLibraryPath(distribution.nativeLibraries())
                .addJvmOption("-Dfamichat.db.url=" + database.url())
                .addJvmOption("-Dfamichat.db.user=" + database.user())
                .addJvmOption("-Dfamichat.db.password=" + database.password())
                .addJvmOption("-Dfamichat.vault.keys=" + TestEnvironment.vaultKeys())
                .start();
        server.deploy(distribution.resourceAdapter().toFile());
        server.deploy(new File(System.getProperty("famichat.it.ear")));
        http = new Http(server.baseUrl());
        awaitReady();
        ann = Users.registerAndSignIn(http, "ear-ann");
        bob = Users.registerAndSignIn(http, "ear-bob");
        UUID family = Families.create(ann, "EAR", bob);
        HttpResponse<String> created = ann.http().postJson("/api/v1/conversations",
                "{\"type\":\"direct\",\"memberIds\":[\"" + bob.id() + "\"]}");
        assertEquals(201, created.statusCode(), created.body());
        conversation = Http.json(created).getString("id");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readinessIsUpWithLibsignalFromTheServerClassPath() throws Exception {
        HttpResponse<String> response = http.get("/health/ready");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"serverClassPath\":\"true\""), response.body());
        // the serving check found the EAR's REST API through Payara Server's own listener (payara.instance.http.*)
        assertTrue(response.body().contains("\"name\":\"serving\",\"status\":\"UP\""), response.body());
        assertTrue(response.body().contains("\"nativeLibrary\":\"libsignal_jni.so\""), response.body());
    }

    @Test
    void aMessageGoesThroughTheEarFromARestSendToTheRecipientsHistory() throws Exception {
        HttpResponse<String> sent = ann.http().postJson(messages(), "{\"clientMessageId\":\"ear-1\","
                + "\"body\":\"Encrypted in the EAR\"}");
        assertEquals(202, sent.statusCode(), sent.body());
        String messageId = Http.json(sent).getString("messageId");

        JsonObject received = awaitMessage(bob, messageId);
        assertEquals("Encrypted in the EAR", received.getString("body"), received.toString());
        assertEquals(ann.id().toString(), received.getString("senderId"));
        assertTrue(http.get("/metrics").body().contains("famichat_messages_sent_total"));
    }

    @Test
    void aMessageIsPushedToTheRecipientsSocketThroughTheEar() throws Exception {
        // The push path crosses modules: the envelope MDB (EJB jar) hands the message to the socket (WAR).
        try (SocketClient socket = SocketClient.ready(server.baseUrl(), bob.token())) {
            HttpResponse<String> sent = ann.http().postJson(messages(), "{\"clientMessageId\":\"ear-push\","
                    + "\"body\":\"Pushed in the EAR\"}");
            assertEquals(202, sent.statusCode(), sent.body());
            String messageId = Http.json(sent).getString("messageId");
            JsonObject pushed = socket.next();
            while (!"message".equals(pushed.getString("type")) || !messageId.equals(pushed.getString("messageId"))) {
                pushed = socket.next(); // a message of the other test, replayed until acknowledged
            }
            assertEquals("Pushed in the EAR", pushed.getString("body"), pushed.toString());
            socket.send("{\"type\":\"ack\",\"messageId\":\"" + messageId + "\"}");
        }
    }

    /** Envelopes are encrypted asynchronously: poll the reader's history (bounded) until the message is there. */
    private static JsonObject awaitMessage(Users.SignedIn reader, String messageId) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonObject page;
        do {
            page = Http.json(reader.http().get(messages()));
            for (JsonObject message : page.getJsonArray("messages").getValuesAs(JsonObject.class)) {
                if (messageId.equals(message.getString("messageId"))) {
                    return message;
                }
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("the message did not reach the recipient's history: " + page);
    }

    private static String messages() {
        return "/api/v1/conversations/" + conversation + "/messages";
    }

    private static void awaitReady() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String last = "no answer";
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> response = http.get("/health/ready");
                if (response.statusCode() == 200 && response.body().contains("\"name\":\"serving\"")) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The EAR did not become ready (" + last + "); see " + server.serverLog());
    }
}
