package app.famichat.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Conversations and messages over the public API (REST and socket frames), for black-box tests of the message
 * pipeline. Encryption and delivery are asynchronous: the {@code await} methods poll, bounded.
 */
public final class Messages {

    /** How long an asynchronous effect (an envelope encrypted, a push) may take before a test gives up. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private Messages() {
    }

    public static String path(String conversationId) {
        return "/api/v1/conversations/" + conversationId + "/messages";
    }

    /** The family's conversation (created on first use, returned afterwards). */
    public static String familyConversation(Users.SignedIn member, UUID familyId) throws Exception {
        return conversation(member, Json.createObjectBuilder().add("type", "family")
                .add("familyId", familyId.toString()).build());
    }

    /** The member's notes to themselves (a vault-only conversation). */
    public static String selfConversation(Users.SignedIn member) throws Exception {
        return conversation(member, Json.createObjectBuilder().add("type", "self").build());
    }

    /** A direct conversation of {@code member} with {@code other}. */
    public static String directConversation(Users.SignedIn member, UUID other) throws Exception {
        return conversation(member, Json.createObjectBuilder().add("type", "direct")
                .add("memberIds", Json.createArrayBuilder().add(other.toString())).build());
    }

    /** A group of {@code member} (its admin) and {@code others}. */
    public static String groupConversation(Users.SignedIn member, String title, UUID... others) throws Exception {
        var ids = Json.createArrayBuilder();
        for (UUID other : others) {
            ids.add(other.toString());
        }
        return conversation(member, Json.createObjectBuilder().add("type", "group").add("title", title)
                .add("memberIds", ids).build());
    }

    private static String conversation(Users.SignedIn member, JsonObject request) throws Exception {
        HttpResponse<String> response = member.http().postJson("/api/v1/conversations", request.toString());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IllegalStateException("conversation: " + response.statusCode() + " " + response.body());
        }
        return Http.json(response).getString("id");
    }

    public static String sendBody(String clientMessageId, String body) {
        return Json.createObjectBuilder().add("clientMessageId", clientMessageId).add("body", body).build().toString();
    }

    public static HttpResponse<String> send(Users.SignedIn sender, String conversationId, String clientMessageId,
                                            String body) throws Exception {
        return sender.http().postJson(path(conversationId), sendBody(clientMessageId, body));
    }

    /** Sends over REST and expects 202; returns {messageId, seq, sentAt}. */
    public static JsonObject sent(Users.SignedIn sender, String conversationId, String clientMessageId, String body)
            throws Exception {
        HttpResponse<String> response = send(sender, conversationId, clientMessageId, body);
        if (response.statusCode() != 202) {
            throw new AssertionError("send: expected 202, got " + response.statusCode() + " " + response.body());
        }
        return Http.json(response);
    }

    /** A history page ({@code query} without the '?', or empty); expects 200. */
    public static JsonObject page(Users.SignedIn reader, String conversationId, String query) throws Exception {
        HttpResponse<String> response = reader.http().get(path(conversationId)
                + (query == null || query.isEmpty() ? "" : "?" + query));
        if (response.statusCode() != 200) {
            throw new AssertionError("history: expected 200, got " + response.statusCode() + " " + response.body());
        }
        return Http.json(response);
    }

    /** Polls the newest page of history (bounded) until it satisfies {@code condition}. */
    public static JsonObject awaitPage(Users.SignedIn reader, String conversationId, String query,
                                       Predicate<JsonObject> condition, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonObject page = page(reader, conversationId, query);
            if (condition.test(page)) {
                return page;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + WAIT + "; last page " + page);
            }
            Thread.sleep(50);
        }
    }

    /** Polls history until it holds (at least) {@code count} messages. */
    public static JsonObject awaitMessages(Users.SignedIn reader, String conversationId, int count)
            throws Exception {
        return awaitPage(reader, conversationId, "limit=200", page -> messages(page).size() >= count,
                count + " messages in the history of " + reader.username());
    }

    public static List<JsonObject> messages(JsonObject page) {
        return page.getJsonArray("messages").getValuesAs(JsonObject.class);
    }

    public static List<String> bodies(JsonObject page) {
        return messages(page).stream().map(message -> message.getString("body")).toList();
    }

    public static List<Long> seqs(JsonObject page) {
        return messages(page).stream().map(message -> message.getJsonNumber("seq").longValue()).toList();
    }

    public static List<String> ids(JsonObject page) {
        return messages(page).stream().map(message -> message.getString("messageId")).toList();
    }

    /** The sender's view of one of their own messages: its status (sent, delivered, read, failed). */
    public static String ownStatus(Users.SignedIn sender, String conversationId, String messageId) throws Exception {
        return messages(page(sender, conversationId, "limit=200")).stream()
                .filter(message -> message.getString("messageId").equals(messageId))
                .findFirst().orElseThrow(() -> new AssertionError("no message " + messageId))
                .getString("status");
    }

    public static String sendFrame(String conversationId, String clientMessageId, String body) {
        return Json.createObjectBuilder().add("type", "send").add("conversationId", conversationId)
                .add("clientMessageId", clientMessageId).add("body", body).build().toString();
    }

    public static String ackFrame(String messageId) {
        return Json.createObjectBuilder().add("type", "ack").add("messageId", messageId).build().toString();
    }

    /** One ack frame for several messages (docs/api.md, "WebSocket"). */
    public static String ackFrame(List<String> messageIds) {
        return Json.createObjectBuilder().add("type", "ack").add("messageIds", Json.createArrayBuilder(messageIds))
                .build().toString();
    }

    /** The next frame, which must be a message frame. */
    public static JsonObject nextMessage(SocketClient socket) throws InterruptedException {
        JsonObject frame = socket.next();
        if (!"message".equals(frame.getString("type"))) {
            throw new AssertionError("expected a message frame: " + frame);
        }
        return frame;
    }

    /**
     * Sends a ping and returns every frame that comes before its pong. The server handles one socket's frames
     * in order, so when the pong arrives every earlier frame (an ack, an auth with its catch-up) has been
     * handled and everything it pushed has been written.
     */
    public static List<JsonObject> untilPong(SocketClient socket) throws InterruptedException {
        socket.send("{\"type\":\"ping\"}");
        List<JsonObject> before = new ArrayList<>();
        while (true) {
            JsonObject frame = socket.next();
            if ("pong".equals(frame.getString("type"))) {
                return before;
            }
            before.add(frame);
        }
    }

    /** Connects, authenticates and waits until the catch-up push is done; returns the frames it pushed. */
    public static SocketClient connected(String baseUrl, Users.SignedIn user, List<JsonObject> pushed)
            throws Exception {
        SocketClient socket = SocketClient.ready(baseUrl, user.token());
        pushed.addAll(untilPong(socket));
        return socket;
    }

    /** Connects a device that has nothing waiting: fails if anything is pushed on connect. */
    public static SocketClient connectedQuiet(String baseUrl, Users.SignedIn user) throws Exception {
        List<JsonObject> pushed = new ArrayList<>();
        SocketClient socket = connected(baseUrl, user, pushed);
        if (!pushed.isEmpty()) {
            socket.close();
            throw new AssertionError("nothing should be pushed on connect: " + pushed);
        }
        return socket;
    }
}
