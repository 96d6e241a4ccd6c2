package app.famichat.send;

import java.time.Instant;
import java.util.UUID;

/** The answer to a send: the message's id and place in its conversation; {@code created} false for a retry. */
public record SentMessage(UUID messageId, long seq, Instant sentAt, boolean created) {
}
