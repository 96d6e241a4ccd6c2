package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.FamilyChat;
import app.famichat.it.support.Http;
import app.famichat.it.support.Messages;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live status marks (docs/api.md, "WebSocket", the status frame): when a recipient device acknowledges or fetches
 * a message, or a member reads it, every socket of its sender hears the new status; nobody else does.
 */
class StatusFramesIT {

    private static String baseUrl;

    @BeforeAll
    static void server() throws Exception {
        baseUrl = TestEnvironment.get().packagedServer().baseUrl();
    }

    @Test
    void theSenderHearsDeliveredWhenTheRecipientAcksAndReadWhenTheyRead() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "marks", 1);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String direct = Messages.directConversation(ann, bob.id());

        try (SocketClient annSocket = family.connect(ann);
             SocketClient bobSocket = family.connect(bob)) {
            JsonObject sent = Messages.sent(ann, direct, "s-1", "Did you get this?");
            String messageId = sent.getString("messageId");
            long seq = sent.getJsonNumber("seq").longValue();
            assertEquals(messageId, Messages.nextMessage(bobSocket).getString("messageId"));

            bobSocket.send(Messages.ackFrame(messageId));
            assertEquals(status(direct, messageId, seq, "delivered"), annSocket.nextStatus());

            read(bob, direct, seq);
            assertEquals(status(direct, messageId, seq, "read"), annSocket.nextStatus());
            assertEquals("read", Messages.ownStatus(ann, direct, messageId), "history agrees");

            assertEquals(List.of(), Messages.untilPong(bobSocket));
            assertEquals(List.of(), bobSocket.takeStatuses(), "bob is a member, not the sender");
        }
    }

    @Test
    void aHistoryFetchThatDeliversIsHeardToo() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "fetchmark", 1);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String direct = Messages.directConversation(ann, bob.id());

        try (SocketClient annSocket = family.connect(ann)) {
            JsonObject sent = Messages.sent(ann, direct, "f-1", "Read me later");
            Messages.awaitMessages(bob, direct, 1);
            assertEquals(status(direct, sent.getString("messageId"), sent.getJsonNumber("seq").longValue(),
                    "delivered"), annSocket.nextStatus());
        }
    }

    /**
     * A family of three, the sender with two devices: each of the sender's sockets hears every status; the
     * other members, whose acks and reads move it, hear none. Delivered comes once every recipient device (the
     * sender's other one too) has the message, read once both others have read it.
     */
    @Test
    void everySocketOfTheSenderHearsItAndTheOtherMembersHearNothing() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "allmarks", 2);
        Users.SignedIn ann = family.admin();
        Users.SignedIn annLaptop = Users.signInNewDevice(new Http(baseUrl), ann.username());
        Users.SignedIn bob = family.other(0);
        Users.SignedIn cat = family.other(1);
        String conversation = family.conversation();

        try (SocketClient phone = family.connect(ann);
             SocketClient laptop = family.connect(annLaptop);
             SocketClient bobSocket = family.connect(bob);
             SocketClient catSocket = family.connect(cat)) {
            JsonObject sent = phone.send(Messages.sendFrame(conversation, "p-1", "Dinner at seven")).next();
            assertEquals("sent", sent.getString("type"), sent.toString());
            String messageId = sent.getString("messageId");
            long seq = sent.getJsonNumber("seq").longValue();
            for (SocketClient recipient : List.of(laptop, bobSocket, catSocket)) {
                assertEquals(messageId, Messages.nextMessage(recipient).getString("messageId"));
                recipient.send(Messages.ackFrame(messageId));
            }
            JsonObject delivered = status(conversation, messageId, seq, "delivered");
            assertEquals(delivered, firstStatus(phone));
            assertEquals(delivered, firstStatus(laptop));

            read(bob, conversation, seq);
            read(cat, conversation, seq);
            JsonObject read = status(conversation, messageId, seq, "read");
            awaitStatus(phone, read);
            awaitStatus(laptop, read);

            for (SocketClient other : List.of(bobSocket, catSocket)) {
                assertEquals(List.of(), Messages.untilPong(other));
                assertEquals(List.of(), other.takeStatuses(), "only the sender hears statuses");
            }
        }
    }

    private static JsonObject status(String conversationId, String messageId, long seq, String status) {
        return Json.createObjectBuilder().add("type", "status").add("conversationId", conversationId)
                .add("messageId", messageId).add("seq", seq).add("status", status).build();
    }

    private static void read(Users.SignedIn reader, String conversationId, long seq) throws Exception {
        HttpResponse<String> response = reader.http().put("/api/v1/conversations/" + conversationId + "/read",
                "{\"seq\":" + seq + "}");
        assertEquals(204, response.statusCode(), response.body());
    }

    /** The first status frame: a status is never "sent" (not news), so the first one here is "delivered". */
    private static JsonObject firstStatus(SocketClient socket) throws InterruptedException {
        return socket.nextStatus();
    }

    /**
     * Status frames until {@code expected}: a status may be told again (two announcements that cover one message)
     * but never goes back, so anything before it is the same message's delivered or the expected frame itself.
     */
    private static void awaitStatus(SocketClient socket, JsonObject expected) throws InterruptedException {
        while (true) {
            JsonObject status = socket.nextStatus();
            if (status.equals(expected)) {
                return;
            }
            assertEquals(expected.getString("messageId"), status.getString("messageId"), status.toString());
            assertTrue(status.getString("status").equals("delivered"), "never back from read: " + status);
        }
    }
}
