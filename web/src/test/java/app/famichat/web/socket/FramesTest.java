package app.famichat.web.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.send.HistoryEntry;
import app.famichat.web.messages.MessageView;
import app.famichat.web.problem.ProblemType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramesTest {

    @Test
    void readsAuthAndPing() throws Exception {
        assertEquals(new ClientFrame.Auth("fc1_abc"), Frames.parse("{\"type\":\"auth\",\"token\":\"fc1_abc\"}"));
        assertEquals(new ClientFrame.Auth(""), Frames.parse(" {\"token\":\"\", \"type\":\"auth\"}\n"));
        assertEquals(new ClientFrame.Ping(), Frames.parse("{\"type\":\"ping\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"type\":\"ping\"", "[]", "\"ping\"", "42", "null",
            "{\"type\":\"ping\"} {\"type\":\"ping\"}", "{\"type\":\"ping\"} x", "{\"type\":\"ping\",}"})
    void refusesAnythingButOneJsonObject(String text) {
        assertEquals("The frame is not a JSON object", assertThrows(MalformedFrame.class, () -> Frames.parse(text))
                .getMessage());
    }

    /**
     * JSON-P refuses nesting deeper than 1,000 levels with a plain RuntimeException: that too is the client's
     * malformed frame, not a server failure (which would log a stack trace and close 1011).
     */
    @ParameterizedTest
    @ValueSource(ints = {1_001, 1_500, 20_000})
    void aFrameNestedTooDeeplyIsMalformed(int depth) {
        String arrays = "{\"type\":\"ping\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        for (String text : new String[] {arrays, objects, "[".repeat(depth)}) {
            assertEquals("The frame is not a JSON object",
                    assertThrows(MalformedFrame.class, () -> Frames.parse(text)).getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"type\":1}", "{\"type\":null}", "{\"type\":[\"ping\"]}", "{\"token\":\"x\"}"})
    void refusesFramesWithoutAStringType(String text) {
        assertEquals("The frame needs a string field 'type'",
                assertThrows(MalformedFrame.class, () -> Frames.parse(text)).getMessage());
    }

    @Test
    void refusesUnknownTypesAndFieldsWithoutEchoingThem() {
        MalformedFrame unknownType = assertThrows(MalformedFrame.class, () -> Frames.parse("{\"type\":\"<script>\"}"));
        assertEquals("Unknown frame type", unknownType.getMessage());
        MalformedFrame unknownField = assertThrows(MalformedFrame.class,
                () -> Frames.parse("{\"type\":\"ping\",\"secret\":1}"));
        assertFalse(unknownField.getMessage().contains("secret"));
        assertThrows(MalformedFrame.class, () -> Frames.parse("{\"type\":\"auth\",\"token\":\"t\",\"extra\":true}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"auth\"}", "{\"type\":\"auth\",\"token\":null}",
            "{\"type\":\"auth\",\"token\":7}", "{\"type\":\"auth\",\"token\":{\"value\":\"fc1_x\"}}"})
    void anAuthFrameNeedsAStringToken(String text) {
        assertEquals("The auth frame needs a string field 'token'",
                assertThrows(MalformedFrame.class, () -> Frames.parse(text)).getMessage());
    }

    @Test
    void writesReadyPongAndError() {
        UUID userId = UUID.randomUUID();
        assertEquals(Json.createObjectBuilder().add("type", "ready").add("userId", userId.toString())
                .add("deviceId", 3).add("heartbeatSeconds", 30).build(),
                json(Frames.write(new ServerFrame.Ready(userId, 3, 30))));
        assertEquals("{\"type\":\"pong\"}", Frames.write(new ServerFrame.Pong()));
        JsonObject error = json(Frames.write(
                new ServerFrame.Error(ProblemType.MALFORMED_REQUEST, "Unknown frame type")));
        assertEquals("error", error.getString("type"));
        assertEquals(Json.createObjectBuilder().add("type", "urn:famichat:problem:malformed-request")
                .add("title", "Malformed request").add("status", 400).add("detail", "Unknown frame type").build(),
                error.getJsonObject("problem"));
    }

    @Test
    void readsSendAndAck() throws Exception {
        UUID conversation = UUID.randomUUID();
        assertEquals(new ClientFrame.Send(conversation, "c-1", "Dinner at seven\n"), Frames.parse(
                "{\"type\":\"send\",\"conversationId\":\"" + conversation
                        + "\",\"clientMessageId\":\"c-1\",\"body\":\"Dinner at seven\\n\"}"));
        UUID message = UUID.randomUUID();
        assertEquals(new ClientFrame.Ack(List.of(message)),
                Frames.parse("{\"type\":\"ack\",\"messageId\":\"" + message + "\"}"));
    }

    @Test
    void readsAnAckOfSeveralMessagesEachIdOnce() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        assertEquals(new ClientFrame.Ack(List.of(first, second)), Frames.parse("{\"type\":\"ack\",\"messageIds\":[\""
                + first + "\",\"" + second + "\",\"" + first + "\"]}"));
        String hundred = String.join(",", Collections.nCopies(Frames.MAX_ACK_IDS, "\"" + first + "\""));
        assertEquals(new ClientFrame.Ack(List.of(first)),
                Frames.parse("{\"type\":\"ack\",\"messageIds\":[" + hundred + "]}"));
        assertThrows(MalformedFrame.class, () -> Frames.parse("{\"type\":\"ack\",\"messageIds\":[" + hundred + ",\""
                + second + "\"]}"), "over the limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"send\",\"clientMessageId\":\"c\",\"body\":\"b\"}",
            "{\"type\":\"send\",\"conversationId\":\"not-a-uuid\",\"clientMessageId\":\"c\",\"body\":\"b\"}",
            "{\"type\":\"send\",\"conversationId\":\"1-1-1-1-1\",\"clientMessageId\":\"c\",\"body\":\"b\"}",
            "{\"type\":\"send\",\"conversationId\":\"00000000-0000-0000-0000-000000000001\",\"body\":\"b\"}",
            "{\"type\":\"send\",\"conversationId\":\"00000000-0000-0000-0000-000000000001\",\"clientMessageId\":7,\"body\":\"b\"}",
            "{\"type\":\"send\",\"conversationId\":\"00000000-0000-0000-0000-000000000001\",\"clientMessageId\":\"c\",\"body\":null}",
            "{\"type\":\"send\",\"conversationId\":\"00000000-0000-0000-0000-000000000001\",\"clientMessageId\":\"c\",\"body\":\"b\",\"to\":1}",
            "{\"type\":\"ack\"}", "{\"type\":\"ack\",\"messageId\":42}", "{\"type\":\"ack\",\"messageId\":\"x\"}",
            "{\"type\":\"ack\",\"messageIds\":[]}", "{\"type\":\"ack\",\"messageIds\":\"x\"}",
            "{\"type\":\"ack\",\"messageIds\":[42]}", "{\"type\":\"ack\",\"messageIds\":[\"x\"]}",
            "{\"type\":\"ack\",\"messageIds\":[\"00000000-0000-0000-0000-000000000001\"],\"messageId\":\"00000000-0000-0000-0000-000000000001\"}"})
    void refusesBadSendAndAckFrames(String text) {
        assertThrows(MalformedFrame.class, () -> Frames.parse(text));
    }

    @Test
    void aBadSendFrameKeepsItsReadableClientMessageId() {
        assertEquals("c-7", assertThrows(MalformedFrame.class, () -> Frames.parse(
                "{\"type\":\"send\",\"conversationId\":\"nope\",\"clientMessageId\":\"c-7\",\"body\":\"b\"}"))
                .clientMessageId());
        assertEquals(null, assertThrows(MalformedFrame.class, () -> Frames.parse(
                "{\"type\":\"send\",\"conversationId\":\"nope\",\"clientMessageId\":7,\"body\":\"b\"}"))
                .clientMessageId());
    }

    @Test
    void writesStatusFramesWithTheStatusSpeltAsInHistory() {
        UUID conversation = UUID.randomUUID();
        UUID messageId = UUID.randomUUID();
        assertEquals(Json.createObjectBuilder().add("type", "status").add("conversationId", conversation.toString())
                        .add("messageId", messageId.toString()).add("seq", 42).add("status", "delivered").build(),
                json(Frames.write(new ServerFrame.Status(conversation, messageId, 42,
                        MessageView.status(HistoryEntry.Status.DELIVERED)))));
        assertEquals("read", MessageView.status(HistoryEntry.Status.READ));
    }

    @Test
    void writesSentAndMessageFramesAndTheClientMessageIdOfARefusedSend() {
        UUID messageId = UUID.randomUUID();
        Instant sentAt = Instant.parse("2026-11-25T22:05:13.402117Z");
        JsonObject sent = json(Frames.write(new ServerFrame.Sent("c-1", messageId, 42, sentAt)));
        assertEquals(Json.createObjectBuilder().add("type", "sent").add("clientMessageId", "c-1")
                .add("messageId", messageId.toString()).add("seq", 42).add("sentAt", sentAt.toString()).build(), sent);

        UUID conversation = UUID.randomUUID();
        UUID sender = UUID.randomUUID();
        JsonObject message = json(Frames.write(new ServerFrame.Message(new MessageView(messageId, conversation, 7,
                sender, 2, sentAt, "hello", false, null))));
        assertEquals("message", message.getString("type"));
        assertEquals("hello", message.getString("body"));
        assertEquals(7, message.getInt("seq"));
        assertEquals(sender.toString(), message.getString("senderId"));
        assertEquals(2, message.getInt("senderDeviceId"));
        assertFalse(message.containsKey("status"), "status is for history only");

        JsonObject refused = json(Frames.write(new ServerFrame.Error(ProblemType.NOT_FOUND, "No such conversation",
                "c-9")));
        assertEquals("c-9", refused.getString("clientMessageId"));
        assertFalse(json(Frames.write(new ServerFrame.Error(ProblemType.NOT_FOUND, "x"))).containsKey("clientMessageId"));
    }

    /** Only a valid client message id is echoed: not 64 KiB of whatever the client put in the field. */
    @ParameterizedTest
    @ValueSource(strings = {"", "v 8", "v/9", "a\u0000b", "<script>"})
    void anErrorFrameNeverEchoesAnInvalidClientMessageId(String invalid) {
        for (String id : new String[] {invalid, "c".repeat(65), "c".repeat(64 * 1024)}) {
            String written = Frames.write(new ServerFrame.Error(ProblemType.VALIDATION, "clientMessageId bad", id));
            assertFalse(json(written).containsKey("clientMessageId"), id);
            assertTrue(written.length() < 300, written);
        }
        assertEquals("c".repeat(64), json(Frames.write(new ServerFrame.Error(ProblemType.VALIDATION, "body bad",
                "c".repeat(64)))).getString("clientMessageId"));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
