package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.FamilyChat;
import app.famichat.it.support.Messages;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delivery to devices that are not connected when a message is sent: what waits is pushed when they connect;
 * what was pushed but never acknowledged is pushed again on the next connect; what was acknowledged (or
 * fetched over REST) is not.
 */
class MessageDeliveryIT {

    private static String baseUrl;

    @BeforeAll
    static void server() throws Exception {
        baseUrl = TestEnvironment.get().packagedServer().baseUrl();
    }

    @Test
    void anOfflineMemberGetsWaitingMessagesOnConnectAndUnacknowledgedOnesAgain() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "offline", 2);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        Users.SignedIn cat = family.other(1);
        String conversation = family.conversation();

        List<String> sent = new ArrayList<>();
        for (String body : List.of("one", "two", "three")) {
            sent.add(Messages.sent(ann, conversation, "off-" + body, body).getString("messageId"));
        }
        awaitWaitingEnvelopes(bob, 3);

        // First connect: all three waiting messages are pushed; bob acknowledges only the first.
        List<JsonObject> pushed = new ArrayList<>();
        try (SocketClient socket = Messages.connected(baseUrl, bob, pushed)) {
            Map<String, JsonObject> byId = distinct(pushed);
            assertEquals(sent, List.copyOf(byId.keySet()), "pushed on connect, in seq order: " + pushed);
            assertEquals(List.of("one", "two", "three"),
                    byId.values().stream().map(frame -> frame.getString("body")).toList());
            assertEquals(List.of(1L, 2L, 3L),
                    byId.values().stream().map(frame -> frame.getJsonNumber("seq").longValue()).toList());
            socket.send(Messages.ackFrame(sent.get(0)));
            assertEquals(List.of(), Messages.untilPong(socket));
        }

        // Second connect: the two unacknowledged ones again, in order, and nothing else.
        pushed.clear();
        try (SocketClient socket = Messages.connected(baseUrl, bob, pushed)) {
            assertEquals(sent.subList(1, 3), pushed.stream().map(frame -> frame.getString("messageId")).toList(),
                    pushed.toString());
            assertEquals(List.of("two", "three"), pushed.stream().map(frame -> frame.getString("body")).toList());
            sent.subList(1, 3).forEach(id -> socket.send(Messages.ackFrame(id)));
            assertEquals(List.of(), Messages.untilPong(socket));
        }

        // Third connect: everything was acknowledged.
        family.connect(bob).close();

        // Cat fetched over REST while offline: a fetch delivers, so her first connect pushes nothing.
        assertEquals(List.of("one", "two", "three"), Messages.bodies(Messages.awaitMessages(cat, conversation, 3)));
        family.connect(cat).close();

        for (String id : sent) {
            assertEquals("delivered", Messages.ownStatus(ann, conversation, id));
        }
        assertEquals(List.of("one", "two", "three"), Messages.bodies(Messages.page(bob, conversation, "")));
    }

    @Test
    void aMessageSentWhileConnectedButNeverAcknowledgedComesBackOnTheNextConnect() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "unacked", 1);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String conversation = family.conversation();

        String messageId;
        try (SocketClient socket = family.connect(bob)) {
            messageId = Messages.sent(ann, conversation, "u-1", "Are you there?").getString("messageId");
            assertEquals(messageId, Messages.nextMessage(socket).getString("messageId"));
            // the socket goes away without an ack (a phone that lost its network after the push)
        }
        assertEquals("sent", Messages.ownStatus(ann, conversation, messageId));

        List<JsonObject> pushed = new ArrayList<>();
        try (SocketClient socket = Messages.connected(baseUrl, bob, pushed)) {
            assertEquals(List.of(messageId), pushed.stream().map(frame -> frame.getString("messageId")).toList());
            assertEquals("Are you there?", pushed.get(0).getString("body"));
            socket.send(Messages.ackFrame(messageId));
            assertEquals(List.of(), Messages.untilPong(socket));
        }
        assertEquals("delivered", Messages.ownStatus(ann, conversation, messageId));
        family.connect(bob).close();
    }

    /**
     * The frames by message id, first occurrence first. A message may legitimately reach a device twice
     * (pushed when its envelope was announced, and again by the catch-up of a socket that connected at that
     * moment); clients drop repeats by id. Repeats must be identical.
     */
    private static Map<String, JsonObject> distinct(List<JsonObject> frames) {
        Map<String, JsonObject> byId = new LinkedHashMap<>();
        for (JsonObject frame : frames) {
            assertEquals("message", frame.getString("type"), frame.toString());
            JsonObject earlier = byId.putIfAbsent(frame.getString("messageId"), frame);
            if (earlier != null) {
                assertEquals(earlier, frame, "a repeated push is the same message");
            }
        }
        return byId;
    }

    /**
     * A device made after a message was sent (a new browser) has no envelope of its own for it: reading history
     * there takes what still waits for the user's other, offline device, so the message is shown; that device gets
     * it pushed when it connects, and only then is it delivered to it.
     */
    @Test
    void aNewDeviceShowsWhatStillWaitsForTheUsersOfflineDevice() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "newdevice", 1);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String conversation = family.conversation();
        String messageId = Messages.sent(ann, conversation, "before-laptop", "sent before the laptop").getString("messageId");
        awaitWaitingEnvelopes(bob, 1);

        Users.SignedIn laptop = Users.signInNewDevice(new app.famichat.it.support.Http(baseUrl), bob.username());
        assertEquals(List.of("sent before the laptop"), Messages.bodies(Messages.page(laptop, conversation, "")));
        JsonObject list = app.famichat.it.support.Http.json(laptop.http().get("/api/v1/conversations"));
        assertTrue(list.toString().contains("sent before the laptop"), list.toString());
        assertEquals("sent", Messages.ownStatus(ann, conversation, messageId), "bob's first device does not have it yet");

        List<JsonObject> pushed = new ArrayList<>();
        try (SocketClient socket = Messages.connected(baseUrl, bob, pushed)) {
            assertEquals(List.of(messageId), List.copyOf(distinct(pushed).keySet()));
            socket.send(Messages.ackFrame(messageId));
            Messages.untilPong(socket);
        }
        assertEquals("delivered", Messages.ownStatus(ann, conversation, messageId));
    }


    /** Waits until {@code count} envelopes wait for the user's devices (encrypted, committed, not yet taken). */
    static void awaitWaitingEnvelopes(Users.SignedIn user, int count) throws Exception {
        long deadline = System.nanoTime() + Messages.WAIT.toNanos();
        while (true) {
            long waiting = TestEnvironment.get().database().number("SELECT count(*) FROM message_envelopes "
                    + "WHERE recipient_user_id = ? AND taken_at IS NULL", user.id());
            if (waiting >= count) {
                assertEquals(count, waiting);
                return;
            }
            assertTrue(System.nanoTime() < deadline, "only " + waiting + " of " + count + " envelopes encrypted");
            Thread.sleep(50);
        }
    }
}
