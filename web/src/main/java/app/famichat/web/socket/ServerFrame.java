package app.famichat.web.socket;

import app.famichat.send.MessageRules;
import app.famichat.web.messages.MessageView;
import app.famichat.web.problem.ProblemType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the server sends on the socket (docs/api.md, "WebSocket"); {@link Frames#write} writes them. */
sealed interface ServerFrame {

    /** The answer to a good auth frame. */
    record Ready(UUID userId, int deviceId, long heartbeatSeconds) implements ServerFrame {
    }

    record Pong() implements ServerFrame {
    }

    /** The answer to a send frame: the message is stored and on its way. */
    record Sent(String clientMessageId, UUID messageId, long seq, Instant sentAt) implements ServerFrame {
    }

    /** A message for this device; the client answers with an ack frame. */
    record Message(MessageView message) implements ServerFrame {
    }

    /**
     * One of the user's own messages has moved on: {@code status} is delivered, read or failed, spelt as in history
     * ({@link MessageView#status}). Sent to every socket of the sender, on every node; may repeat, may be lost.
     */
    record Status(UUID conversationId, UUID messageId, long seq, String status) implements ServerFrame {
    }

    /** To the owner's sockets: someone started a family recovery request for their account. */
    record RecoveryRequested(UUID requestId, String device, String address, Instant expiresAt) implements ServerFrame {
    }

    /** To the owner's sockets: a request for their account ended (the client reads its own requests again). */
    record RecoveryClosed(UUID requestId) implements ServerFrame {
    }

    /** To a guardian's sockets: a request they guard started or changed (the client reads it with its token). */
    record GuardianRequest(UUID requestId) implements ServerFrame {
    }

    /**
     * A frame that could not be handled; the socket stays open. Carries a problem as the REST API writes it
     * (type, title, status, detail), with the same stable types; for a refused send frame, with its
     * {@code clientMessageId} if that is a valid one (an invalid one, up to a whole frame of anything, is never
     * echoed); {@code retryAfter}, in seconds, where the REST answer has a Retry-After header (an outage, a rate
     * limit), else null; for an ack frame that hit an outage, the {@code messageIds} it acknowledged, so that the
     * client acknowledges exactly those again (else they would stay pending until its next connection).
     */
    record Error(ProblemType problem, String detail, String clientMessageId, Long retryAfter, List<UUID> messageIds)
            implements ServerFrame {

        public Error {
            clientMessageId = MessageRules.isClientMessageId(clientMessageId) ? clientMessageId : null;
            messageIds = messageIds == null ? null : List.copyOf(messageIds);
        }

        Error(ProblemType problem, String detail, String clientMessageId, Long retryAfter) {
            this(problem, detail, clientMessageId, retryAfter, null);
        }

        Error(ProblemType problem, String detail, String clientMessageId) {
            this(problem, detail, clientMessageId, null, null);
        }

        Error(ProblemType problem, String detail) {
            this(problem, detail, null, null, null);
        }
    }
}
