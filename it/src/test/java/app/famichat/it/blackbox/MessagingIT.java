package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The message pipeline end to end against the packaged server: send, fan-out, encryption, push, history. */
class MessagingIT {

    private static Http anonymous;
    private static String baseUrl;

    @BeforeAll
    static void server() throws Exception {
        baseUrl = TestEnvironment.get().packagedServer().baseUrl();
        anonymous = new Http(baseUrl);
    }

    @Test
    void aFamilyMessageReachesAConnectedMemberAndAnOfflineOneAndTheSendersHistory() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        UUID familyId = Families.create(ann, "Messages");
        List<Users.SignedIn> others = Families.joinNew(ann, familyId, 2, "kin");
        Users.SignedIn bob = others.get(0);
        Users.SignedIn cat = others.get(1);
        String conversation = Http.json(ann.http().postJson("/api/v1/conversations",
                "{\"type\":\"family\",\"familyId\":\"" + familyId + "\"}")).getString("id");

        try (SocketClient bobSocket = SocketClient.ready(baseUrl, bob.token())) {
            HttpResponse<String> sent = ann.http().postJson(messages(conversation),
                    "{\"clientMessageId\":\"c-1\",\"body\":\"Dinner at seven\"}");
            assertEquals(202, sent.statusCode(), sent.body());
            JsonObject accepted = Http.json(sent);
            assertEquals(1, accepted.getJsonNumber("seq").longValue());

            JsonObject pushed = bobSocket.next();
            assertEquals("message", pushed.getString("type"), pushed.toString());
            assertEquals(accepted.getString("messageId"), pushed.getString("messageId"));
            assertEquals("Dinner at seven", pushed.getString("body"));
            assertEquals(ann.id().toString(), pushed.getString("senderId"));
            bobSocket.send("{\"type\":\"ack\",\"messageId\":\"" + pushed.getString("messageId") + "\"}");

            HttpResponse<String> retry = ann.http().postJson(messages(conversation),
                    "{\"clientMessageId\":\"c-1\",\"body\":\"Dinner at seven\"}");
            assertEquals(202, retry.statusCode());
            assertEquals(accepted.getString("messageId"), Http.json(retry).getString("messageId"));

            bobSocket.send("{\"type\":\"send\",\"conversationId\":\"" + conversation
                    + "\",\"clientMessageId\":\"b-1\",\"body\":\"On my way\"}");
            JsonObject answer = bobSocket.next();
            assertEquals("sent", answer.getString("type"), answer.toString());
            assertEquals(2, answer.getJsonNumber("seq").longValue());
        }

        List<String> expected = List.of("Dinner at seven", "On my way");
        assertEquals(expected, bodies(awaitMessages(cat, conversation, 2)));
        JsonObject annPage = awaitMessages(ann, conversation, 2);
        assertEquals(expected, bodies(annPage));
        assertFalse(annPage.getBoolean("more"));
    }

    /** Envelopes are encrypted asynchronously: poll history (bounded) until it holds {@code count} messages. */
    static JsonObject awaitMessages(Users.SignedIn reader, String conversation, int count) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            JsonObject page = Http.json(reader.http().get(messages(conversation)));
            if (page.getJsonArray("messages").size() >= count || System.nanoTime() > deadline) {
                return page;
            }
            Thread.sleep(50);
        }
    }

    private static String messages(String conversation) {
        return "/api/v1/conversations/" + conversation + "/messages";
    }

    private static List<String> bodies(JsonObject page) {
        return page.getJsonArray("messages").stream().map(JsonObject.class::cast)
                .map(message -> message.getString("body")).toList();
    }
}
