package app.famichat.web.socket;

import java.util.List;
import java.util.UUID;

/** What a client may send on the socket (docs/api.md, "WebSocket"); {@link Frames#parse} reads them. */
sealed interface ClientFrame {

    /** Must be the first frame, and only the first. */
    record Auth(String token) implements ClientFrame {
    }

    /** A message to a conversation; answered with a sent frame (or an error frame naming the client message id). */
    record Send(UUID conversationId, String clientMessageId, String body) implements ClientFrame {
    }

    /**
     * The device has these pushed messages: one ({@code messageId}) or up to {@link Frames#MAX_ACK_IDS} in one
     * frame ({@code messageIds}), written in one transaction.
     */
    record Ack(List<UUID> messageIds) implements ClientFrame {
    }

    /** Answered with a pong: lets a client that cannot see protocol pings (a browser) check the connection. */
    record Ping() implements ClientFrame {
    }
}
