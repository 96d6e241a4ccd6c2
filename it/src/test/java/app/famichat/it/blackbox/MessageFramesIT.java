package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.FamilyChat;
import app.famichat.it.support.Http;
import app.famichat.it.support.Messages;
import app.famichat.it.support.ScrapedMetrics;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authorization and input checks of the message endpoints and socket frames: who may send where, what an ack
 * may touch, and bad send and ack frames (each answered with an error frame; the socket stays open and nothing
 * is stored).
 */
class MessageFramesIT {

    private static final int MAX_BODY = 4096;

    private static Http anonymous;
    private static String baseUrl;

    @BeforeAll
    static void server() throws Exception {
        baseUrl = TestEnvironment.get().packagedServer().baseUrl();
        anonymous = new Http(baseUrl);
    }

    /**
     * An outsider, and a family peer outside a group, get 404 for the conversation over REST and a not-found
     * error frame (with their client message id) over the socket: the same answer as for a conversation that does
     * not exist. Nothing is stored.
     */
    @Test
    void aNonMemberCannotSendOverRestOrSocket() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "authz", 2);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        Users.SignedIn peer = family.other(1);
        Users.SignedIn outsider = Users.registerAndSignIn(anonymous, "authz-out");
        String group = Messages.groupConversation(ann, "Ann and Bob", bob.id());
        String unknown = UUID.randomUUID().toString();

        JsonObject unknownProblem = Http.json(Messages.send(outsider, unknown, "x-0", "hello"));
        for (Users.SignedIn stranger : List.of(outsider, peer)) {
            for (String conversation : List.of(group, unknown)) {
                HttpResponse<String> refused = Messages.send(stranger, conversation, "x-1", "let me in");
                assertEquals(404, refused.statusCode(), refused.body());
                assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
                assertEquals(unknownProblem, Http.json(refused), "no difference between hidden and missing");
                assertEquals(404, stranger.http().get(Messages.path(conversation)).statusCode());
                assertEquals(404, stranger.http().put("/api/v1/conversations/" + conversation + "/read",
                        "{\"seq\":0}").statusCode());
            }
            try (SocketClient socket = Messages.connectedQuiet(baseUrl, stranger)) {
                for (String conversation : List.of(group, unknown)) {
                    JsonObject error = socket.send(Messages.sendFrame(conversation, "x-2", "let me in")).next();
                    assertEquals("error", error.getString("type"), error.toString());
                    assertEquals("x-2", error.getString("clientMessageId"));
                    JsonObject problem = error.getJsonObject("problem");
                    assertEquals("urn:famichat:problem:not-found", problem.getString("type"));
                    assertEquals(404, problem.getInt("status"));
                    assertFalse(error.toString().contains("let me in"), "never echoes the body");
                }
                assertEquals(List.of(), Messages.untilPong(socket), "the socket stays open");
            }
        }

        JsonObject first = Messages.sent(ann, group, "a-1", "Only for Bob");
        assertEquals(1, first.getJsonNumber("seq").longValue(), "the refused sends took no seq");
        assertEquals(List.of("Only for Bob"), Messages.bodies(Messages.awaitMessages(bob, group, 1)));
        assertEquals(1, TestEnvironment.get().database().number("SELECT count(*) FROM messages WHERE conversation_id = ?",
                UUID.fromString(group)));
    }

    /**
     * An ack of a message id that is unknown, or that was not pushed to the acknowledging device, changes
     * nothing: the sender's status moves only when the recipient's device acknowledges.
     */
    @Test
    void anAckOfAnUnknownOrSomeoneElsesMessageChangesNothing() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "acks", 2);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        Users.SignedIn cat = family.other(1);
        Users.SignedIn outsider = Users.registerAndSignIn(anonymous, "acks-out");
        String direct = Messages.directConversation(ann, bob.id());

        try (SocketClient bobSocket = family.connect(bob);
             SocketClient catSocket = family.connect(cat);
             SocketClient outsiderSocket = Messages.connectedQuiet(baseUrl, outsider);
             SocketClient annSocket = family.connect(ann)) {
            String messageId = Messages.sent(ann, direct, "k-1", "Between us").getString("messageId");
            assertEquals(messageId, Messages.nextMessage(bobSocket).getString("messageId"));
            assertEquals("sent", Messages.ownStatus(ann, direct, messageId));

            for (SocketClient other : List.of(catSocket, outsiderSocket, annSocket, bobSocket)) {
                other.send(Messages.ackFrame(UUID.randomUUID().toString()));
                assertEquals(List.of(), Messages.untilPong(other), "an unknown id: no answer, socket open");
            }
            for (SocketClient other : List.of(catSocket, outsiderSocket, annSocket)) {
                other.send(Messages.ackFrame(messageId));
                assertEquals(List.of(), Messages.untilPong(other));
                assertEquals("sent", Messages.ownStatus(ann, direct, messageId), "someone else's ack");
            }
            assertEquals(0, TestEnvironment.get().database().number("SELECT count(*) FROM message_envelopes "
                    + "WHERE message_id = ? AND delivered_at IS NOT NULL", UUID.fromString(messageId)));

            bobSocket.send(Messages.ackFrame(messageId));
            assertEquals(List.of(), Messages.untilPong(bobSocket));
            assertEquals("delivered", Messages.ownStatus(ann, direct, messageId));
            bobSocket.send(Messages.ackFrame(messageId));
            assertEquals(List.of(), Messages.untilPong(bobSocket), "a repeated ack is harmless");
            assertEquals("delivered", Messages.ownStatus(ann, direct, messageId));
        }
        assertEquals(List.of(), Messages.messages(Messages.page(ann, direct, "")).stream()
                .filter(message -> !message.getString("status").equals("delivered")).toList());
    }

    /**
     * Acks cost a database write only when they can change something: the first ack of a message pushed on that
     * socket. 301 acks (the same message again and again, unknown ids) make at most that one write; the others
     * are counted as ignored.
     */
    @Test
    void repeatedAndUnknownAcksAreIgnoredWithoutAWrite() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "ackflood", 1);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String direct = Messages.directConversation(ann, bob.id());
        try (SocketClient bobSocket = family.connect(bob)) {
            String messageId = Messages.sent(ann, direct, "f-1", "Once").getString("messageId");
            assertEquals(messageId, Messages.nextMessage(bobSocket).getString("messageId"));
            double ignoredBefore = acksIgnored();

            for (int i = 0; i < 301; i++) {
                bobSocket.send(Messages.ackFrame(i % 2 == 0 ? messageId : UUID.randomUUID().toString()));
            }
            assertEquals(List.of(), Messages.untilPong(bobSocket), "no answer to acks, the socket stays open");

            assertEquals(300, acksIgnored() - ignoredBefore, "301 acks, one written");
            assertEquals("delivered", Messages.ownStatus(ann, direct, messageId), "the first ack was written");
        }
    }

    /**
     * One ack frame may carry several message ids ({@code messageIds}): those pushed on this socket and not yet
     * acknowledged are marked delivered together; an unknown id and another device's message are ignored, and so
     * is the whole frame when it comes again. The one-id frame still works next to it.
     */
    @Test
    void anAckOfSeveralMessagesMarksTheCallersOnesOnceAndIgnoresTheRest() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "multiack", 2);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        Users.SignedIn cat = family.other(1);
        String withCat = Messages.directConversation(ann, cat.id());
        String catsOwn;
        try (SocketClient bobSocket = family.connect(bob); SocketClient catSocket = family.connect(cat)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(Messages.sent(ann, family.conversation(), "ma-" + i, "To all, " + i).getString("messageId"));
                assertEquals(ids.get(i), Messages.nextMessage(bobSocket).getString("messageId"));
                assertEquals(ids.get(i), Messages.nextMessage(catSocket).getString("messageId"));
            }
            catsOwn = Messages.sent(ann, withCat, "ma-cat", "Only for Cat").getString("messageId");
            assertEquals(catsOwn, Messages.nextMessage(catSocket).getString("messageId"));
            double ignoredBefore = acksIgnored();

            String frame = Messages.ackFrame(List.of(ids.get(0), UUID.randomUUID().toString(), catsOwn, ids.get(1)));
            bobSocket.send(frame);
            assertEquals(List.of(), Messages.untilPong(bobSocket), "no answer, the socket stays open");
            assertEquals(List.of(true, true, false), ids.stream().map(id -> delivered(id, bob)).toList());
            assertFalse(delivered(catsOwn, cat), "another device's message");
            assertEquals(2, acksIgnored() - ignoredBefore, "the unknown id and Cat's message");

            long firstMarks = deliveredAt(bob);
            bobSocket.send(frame);
            assertEquals(List.of(), Messages.untilPong(bobSocket));
            assertEquals(firstMarks, deliveredAt(bob), "a repeated frame changes nothing");
            assertEquals(6, acksIgnored() - ignoredBefore);

            bobSocket.send(Messages.ackFrame(ids.get(2)));
            catSocket.send(Messages.ackFrame(List.of(ids.get(0), ids.get(1), ids.get(2), catsOwn)));
            assertEquals(List.of(), Messages.untilPong(bobSocket));
            assertEquals(List.of(), Messages.untilPong(catSocket));
        }
        assertEquals(List.of(), Messages.messages(Messages.page(ann, family.conversation(), "")).stream()
                .filter(message -> !message.getString("status").equals("delivered")).toList(), "both acknowledged all");
        assertEquals("delivered", Messages.ownStatus(ann, withCat, catsOwn));
    }

    private static boolean delivered(String messageId, Users.SignedIn recipient) {
        try {
            return TestEnvironment.get().database().number("SELECT count(*) FROM message_envelopes "
                    + "WHERE message_id = ? AND recipient_user_id = ? AND delivered_at IS NOT NULL",
                    UUID.fromString(messageId), recipient.id()) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fingerprint of when the recipient's envelopes were marked delivered (microseconds, added up). */
    private static long deliveredAt(Users.SignedIn recipient) throws SQLException {
        return TestEnvironment.get().database().number("SELECT COALESCE(CAST(sum(extract(epoch FROM delivered_at)) "
                + "* 1000000 AS BIGINT), 0) FROM message_envelopes WHERE recipient_user_id = ?", recipient.id());
    }

    private static double acksIgnored() throws Exception {
        return ScrapedMetrics.scrape(anonymous).value("famichat_socket_acks_ignored_total");
    }

    /** Malformed frames: the frame cannot be read as a send or ack at all. */
    static Map<String, String> malformedFrames(String conversation) {
        String good = UUID.randomUUID().toString();
        Map<String, String> frames = new LinkedHashMap<>();
        frames.put("send without conversationId", "{\"type\":\"send\",\"clientMessageId\":\"m-1\",\"body\":\"x\"}");
        frames.put("send without clientMessageId", "{\"type\":\"send\",\"conversationId\":\"" + conversation
                + "\",\"body\":\"x\"}");
        frames.put("send without body", "{\"type\":\"send\",\"conversationId\":\"" + conversation
                + "\",\"clientMessageId\":\"m-1\"}");
        frames.put("conversationId a number", "{\"type\":\"send\",\"conversationId\":42,\"clientMessageId\":\"m-1\","
                + "\"body\":\"x\"}");
        frames.put("clientMessageId a number", send(conversation, "7", "\"x\"").replace("\"7\"", "7"));
        frames.put("body a number", send(conversation, "m-1", "5"));
        frames.put("body null", send(conversation, "m-1", "null"));
        frames.put("body an object", send(conversation, "m-1", "{\"text\":\"x\"}"));
        frames.put("body an array", send(conversation, "m-1", "[\"x\"]"));
        frames.put("body true", send(conversation, "m-1", "true"));
        for (String badId : List.of("not-a-uuid", "", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
                good.replace("-", ""), "{" + good + "}", good.substring(1), good + " ", "1-1-1-1-1",
                "0000000000000000000000000000000000000000000000000")) {
            frames.put("conversationId '" + badId + "'", "{\"type\":\"send\",\"conversationId\":\"" + badId
                    + "\",\"clientMessageId\":\"m-1\",\"body\":\"x\"}");
            frames.put("ack messageId '" + badId + "'", "{\"type\":\"ack\",\"messageId\":\"" + badId + "\"}");
        }
        frames.put("send with an unknown field", Json.createObjectBuilder()
                .add("type", "send").add("conversationId", conversation).add("clientMessageId", "m-1")
                .add("body", "x").add("priority", "high").build().toString());
        frames.put("send with a seq", Json.createObjectBuilder()
                .add("type", "send").add("conversationId", conversation).add("clientMessageId", "m-1")
                .add("body", "x").add("seq", 1).build().toString());
        frames.put("ack with an unknown field", "{\"type\":\"ack\",\"messageId\":\"" + good + "\",\"all\":true}");
        frames.put("ack without messageId", "{\"type\":\"ack\"}");
        frames.put("ack messageId a number", "{\"type\":\"ack\",\"messageId\":1}");
        frames.put("ack messageId null", "{\"type\":\"ack\",\"messageId\":null}");
        frames.put("type Send", "{\"type\":\"Send\",\"conversationId\":\"" + conversation
                + "\",\"clientMessageId\":\"m-1\",\"body\":\"x\"}");
        frames.put("type null", "{\"type\":null}");
        frames.put("two sends in one frame", send(conversation, "m-1", "\"x\"") + send(conversation, "m-2", "\"y\""));
        return frames;
    }

    /**
     * Well-formed send frames the message rules refuse, answered with the frame's client message id when that is
     * valid: {client message id, the body as a JSON string literal (escapes as a client would send them)}.
     */
    static Map<String, String[]> invalidSends() {
        Map<String, String[]> sends = new LinkedHashMap<>();
        sends.put("body over the limit", new String[] {"v-1", json("x".repeat(MAX_BODY + 1))});
        sends.put("body over the limit in code points", new String[] {"v-2", json("😀".repeat(MAX_BODY + 1))});
        sends.put("blank body", new String[] {"v-3", json(" \n\t ")});
        sends.put("empty body", new String[] {"v-4", json("")});
        sends.put("body with NUL", new String[] {"v-5", "\"a\\u0000b\""});
        sends.put("body with an escape character", new String[] {"v-6", "\"a\\u001Bb\""});
        sends.put("body with an unpaired surrogate", new String[] {"v-7", "\"a\\uD800b\""});
        sends.put("empty clientMessageId", new String[] {"", json("x")});
        sends.put("clientMessageId with a space", new String[] {"v 8", json("x")});
        sends.put("clientMessageId too long", new String[] {"v".repeat(65), json("x")});
        sends.put("clientMessageId with a slash", new String[] {"v/9", json("x")});
        return sends;
    }

    private static String json(String text) {
        return Json.createValue(text).toString();
    }

    @Test
    void badSendAndAckFramesGetErrorFramesAndTheSocketStaysOpen() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "frames", 1);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String conversation = family.conversation();

        try (SocketClient socket = family.connect(ann)) {
            for (Map.Entry<String, String> bad : malformedFrames(conversation).entrySet()) {
                JsonObject error = socket.send(bad.getValue()).next();
                assertEquals("error", error.getString("type"), bad.getKey() + ": " + error);
                JsonObject problem = error.getJsonObject("problem");
                assertEquals("urn:famichat:problem:malformed-request", problem.getString("type"), bad.getKey());
                assertEquals(400, problem.getInt("status"), bad.getKey());
                assertFalse(problem.getString("detail").contains("priority")
                        || problem.getString("detail").contains("high"), "details never echo the input");
                assertFalse(socket.isClosed(), bad.getKey());
            }
            for (Map.Entry<String, String[]> bad : invalidSends().entrySet()) {
                String clientMessageId = bad.getValue()[0];
                JsonObject error = socket.send(send(conversation, clientMessageId, bad.getValue()[1])).next();
                assertEquals("error", error.getString("type"), bad.getKey() + ": " + error);
                if (bad.getKey().contains("clientMessageId")) {
                    assertFalse(error.containsKey("clientMessageId"), "an invalid id is not echoed: " + bad.getKey());
                } else {
                    assertEquals(clientMessageId, error.getString("clientMessageId"), bad.getKey());
                }
                JsonObject problem = error.getJsonObject("problem");
                assertEquals("urn:famichat:problem:validation", problem.getString("type"), bad.getKey());
                assertEquals(400, problem.getInt("status"), bad.getKey());
                String field = bad.getKey().contains("clientMessageId") ? "clientMessageId" : "body";
                assertTrue(problem.getString("detail").startsWith(field + " "), bad.getKey() + ": " + problem);
                assertFalse(socket.isClosed(), bad.getKey());
            }
            assertEquals(List.of(), Messages.untilPong(socket), "still open, nothing else pending");

            // The limit is in characters (code points), inclusive.
            JsonObject longest = sendOverSocket(socket, conversation, "ok-1", "x".repeat(MAX_BODY));
            assertEquals(1, longest.getJsonNumber("seq").longValue(), "no refused frame took a seq");
            JsonObject emoji = sendOverSocket(socket, conversation, "ok-2", "😀".repeat(MAX_BODY));
            assertEquals(2, emoji.getJsonNumber("seq").longValue());
            JsonObject rtl = sendOverSocket(socket, conversation, "ok-3", "\u202Bשלום\u202C, and hello");
            assertEquals(3, rtl.getJsonNumber("seq").longValue(), "bidirectional marks belong in running text");
        }

        JsonObject page = Messages.awaitMessages(bob, conversation, 3);
        assertEquals(List.of("x".repeat(MAX_BODY), "😀".repeat(MAX_BODY), "\u202Bשלום\u202C, and hello"),
                Messages.bodies(page), "exactly the accepted messages, as written");
        assertEquals(3, TestEnvironment.get().database().number("SELECT count(*) FROM messages WHERE conversation_id = ?",
                UUID.fromString(conversation)));
    }

    @Test
    void overRestTheBodyLimitIsTheSame() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "rest-limit");
        String notes = Messages.selfConversation(ann);
        HttpResponse<String> tooLong = Messages.send(ann, notes, "l-1", "y".repeat(MAX_BODY + 1));
        assertEquals(400, tooLong.statusCode(), tooLong.body());
        JsonObject problem = Http.json(tooLong);
        assertEquals("urn:famichat:problem:validation", problem.getString("type"));
        assertEquals("body", problem.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertFalse(tooLong.body().contains("yyyy"), "never echoes the body");
        assertEquals(1, Messages.sent(ann, notes, "l-2", "y".repeat(MAX_BODY)).getJsonNumber("seq").longValue());
        assertEquals(List.of("y".repeat(MAX_BODY)), Messages.bodies(Messages.page(ann, notes, "")));
    }

    private static String send(String conversation, String clientMessageId, String bodyJson) {
        return "{\"type\":\"send\",\"conversationId\":\"" + conversation + "\",\"clientMessageId\":\""
                + clientMessageId + "\",\"body\":" + bodyJson + "}";
    }

    private static JsonObject sendOverSocket(SocketClient socket, String conversation, String clientMessageId,
                                             String body) throws Exception {
        JsonObject sent = socket.send(Messages.sendFrame(conversation, clientMessageId, body)).next();
        assertEquals("sent", sent.getString("type"), sent.toString());
        assertEquals(clientMessageId, sent.getString("clientMessageId"));
        return sent;
    }

}
