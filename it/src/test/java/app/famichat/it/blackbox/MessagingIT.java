package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import app.famichat.it.support.Families;
import app.famichat.it.support.FamilyChat;
import app.famichat.it.support.Http;
import app.famichat.it.support.Messages;
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
        FamilyChat family = FamilyChat.create(baseUrl, "ann", 2);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        Users.SignedIn cat = family.other(1);
        String conversation = family.conversation();

        try (SocketClient bobSocket = family.connect(bob)) {
            HttpResponse<String> sent = ann.http().postJson(Messages.path(conversation),
                    "{\"clientMessageId\":\"c-1\",\"body\":\"Dinner at seven\"}");
            assertEquals(202, sent.statusCode(), sent.body());
            JsonObject accepted = Http.json(sent);
            assertEquals(1, accepted.getJsonNumber("seq").longValue());

            JsonObject pushed = bobSocket.next();
            assertEquals("message", pushed.getString("type"), pushed.toString());
            assertEquals(accepted.getString("messageId"), pushed.getString("messageId"));
            assertEquals("Dinner at seven", pushed.getString("body"));
            assertEquals(ann.id().toString(), pushed.getString("senderId"));
            bobSocket.send(Messages.ackFrame(pushed.getString("messageId")));

            HttpResponse<String> retry = ann.http().postJson(Messages.path(conversation),
                    "{\"clientMessageId\":\"c-1\",\"body\":\"Dinner at seven\"}");
            assertEquals(202, retry.statusCode());
            assertEquals(accepted.getString("messageId"), Http.json(retry).getString("messageId"));

            bobSocket.send(Messages.sendFrame(conversation, "b-1", "On my way"));
            JsonObject answer = bobSocket.next();
            assertEquals("sent", answer.getString("type"), answer.toString());
            assertEquals(2, answer.getJsonNumber("seq").longValue());
        }

        List<String> expected = List.of("Dinner at seven", "On my way");
        assertEquals(expected, Messages.bodies(Messages.awaitMessages(cat, conversation, 2)));
        JsonObject annPage = Messages.awaitMessages(ann, conversation, 2);
        assertEquals(expected, Messages.bodies(annPage));
        assertFalse(annPage.getBoolean("more"));
    }

    /**
     * A family of six: one message reaches the five others' sockets and histories; the sender sees it "sent"
     * until every recipient device has acknowledged it, "delivered" then, and "read" once all five have read it.
     */
    @Test
    void aMessageToASixMemberFamilyReachesTheFiveOthersAndItsStatusFollowsAcksAndReads() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "six", 5);
        Users.SignedIn ann = family.admin();
        List<Users.SignedIn> others = family.others();
        String conversation = family.conversation();

        List<SocketClient> sockets = family.connect(others);
        try {
            JsonObject sent = Messages.sent(ann, conversation, "six-1", "Sunday lunch at grandma's 🍲");
            String messageId = sent.getString("messageId");
            long seq = sent.getJsonNumber("seq").longValue();
            assertEquals(1, seq);

            for (int i = 0; i < sockets.size(); i++) {
                JsonObject pushed = Messages.nextMessage(sockets.get(i));
                assertEquals(messageId, pushed.getString("messageId"), others.get(i).username());
                assertEquals(conversation, pushed.getString("conversationId"));
                assertEquals(seq, pushed.getJsonNumber("seq").longValue());
                assertEquals(ann.id().toString(), pushed.getString("senderId"));
                assertEquals(ann.deviceId(), pushed.getInt("senderDeviceId"));
                assertEquals(sent.getString("sentAt"), pushed.getString("sentAt"));
                assertEquals("Sunday lunch at grandma's 🍲", pushed.getString("body"));
                assertFalse(pushed.getBoolean("undecryptable"));
            }
            assertEquals("sent", Messages.ownStatus(ann, conversation, messageId), "nobody has acknowledged yet");

            for (int i = 0; i < sockets.size(); i++) {
                assertEquals("sent", Messages.ownStatus(ann, conversation, messageId), i + " of 5 acknowledged");
                sockets.get(i).send(Messages.ackFrame(messageId));
                assertEquals(List.of(), Messages.untilPong(sockets.get(i)), "an ack is not answered");
            }
            assertEquals("delivered", Messages.ownStatus(ann, conversation, messageId));
        } finally {
            sockets.forEach(SocketClient::close);
        }

        for (Users.SignedIn other : others) {
            JsonObject page = Messages.page(other, conversation, "");
            assertEquals(1, Messages.messages(page).size(), page.toString());
            JsonObject message = Messages.messages(page).get(0);
            assertEquals(messageId(page), message.getString("messageId"));
            assertEquals("Sunday lunch at grandma's 🍲", message.getString("body"));
            assertFalse(message.containsKey("status"), "status is on one's own messages only: " + message);
            assertEquals(0, page.getJsonNumber("readSeq").longValue());
        }

        String messageId = messageId(Messages.page(ann, conversation, ""));
        for (int i = 0; i < others.size(); i++) {
            assertEquals("delivered", Messages.ownStatus(ann, conversation, messageId), i + " of 5 have read");
            HttpResponse<String> read = others.get(i).http().put("/api/v1/conversations/" + conversation + "/read",
                    "{\"seq\":1}");
            assertEquals(204, read.statusCode(), read.body());
            assertEquals(1, Messages.page(others.get(i), conversation, "").getJsonNumber("readSeq").longValue());
        }
        assertEquals("read", Messages.ownStatus(ann, conversation, messageId));
    }

    /**
     * Notes to oneself are vault-only: stored under the owner's storage key, readable from each of their
     * devices, and never fanned out (no envelope, not even to the owner's other device).
     */
    @Test
    void aSelfConversationKeepsHistoryAndFansNothingOut() throws Exception {
        Users.SignedIn phone = Users.registerAndSignIn(anonymous, "self");
        Users.SignedIn laptop = Users.signInNewDevice(anonymous, phone.username());
        String notes = Messages.selfConversation(phone);

        try (SocketClient laptopSocket = Messages.connectedQuiet(baseUrl, laptop)) {
            JsonObject first = Messages.sent(phone, notes, "note-1", "Buy milk");
            laptopSocket.send(Messages.sendFrame(notes, "note-2", "Call the plumber"));
            JsonObject second = laptopSocket.next();
            assertEquals("sent", second.getString("type"), second.toString());
            assertEquals(List.of(1L, 2L), List.of(first.getJsonNumber("seq").longValue(),
                    second.getJsonNumber("seq").longValue()));

            for (Users.SignedIn device : List.of(phone, laptop)) {
                JsonObject page = Messages.page(device, notes, "");
                assertEquals(List.of("Buy milk", "Call the plumber"), Messages.bodies(page));
                assertEquals(List.of(1L, 2L), Messages.seqs(page));
                assertFalse(page.getBoolean("more"));
            }
            for (String messageId : List.of(first.getString("messageId"), second.getString("messageId"))) {
                assertEquals(0, fanOutOf(messageId), "no recipient device");
                assertEquals(0, envelopesOf(messageId), "no envelope");
            }

            // A family message does reach the laptop: the first frame it gets is that one, not a note.
            Users.SignedIn sister = Users.registerAndSignIn(anonymous, "self-sister");
            UUID familyId = Families.create(sister, "Self check", phone);
            String family = Messages.familyConversation(sister, familyId);
            JsonObject hello = Messages.sent(sister, family, "s-1", "Hello");
            assertEquals(hello.getString("messageId"), Messages.nextMessage(laptopSocket).getString("messageId"));
        }
    }

    private static String messageId(JsonObject page) {
        return Messages.messages(page).get(0).getString("messageId");
    }

    static long fanOutOf(String messageId) throws Exception {
        return count("SELECT fan_out FROM messages WHERE id = ?", messageId);
    }

    static long envelopesOf(String messageId) throws Exception {
        return count("SELECT count(*) FROM message_envelopes WHERE message_id = ?", messageId);
    }

    private static long count(String sql, String messageId) throws Exception {
        return TestEnvironment.get().database().number(sql, UUID.fromString(messageId));
    }
}
