package app.famichat.send;

import app.famichat.accounts.DeviceAddress;
import java.time.Instant;
import java.util.UUID;

/**
 * A message as one user has it: what a device is shown (pushed, or read from history). {@code undecryptable}:
 * the envelope failed authentication and {@code body} is {@link #UNDECRYPTABLE_TEXT}. {@code status} is set on
 * the reader's own messages only.
 */
public record HistoryEntry(UUID messageId, UUID conversationId, long seq, DeviceAddress sender, Instant sentAt,
        String body, boolean undecryptable, Status status) {

    public static final String UNDECRYPTABLE_TEXT = "[message could not be decrypted]";

    /**
     * How far one's own message has got: stored, on every recipient device, read by every other member; or
     * FAILED: some recipient device will never get it (a locked sender's send key was gone before the message was
     * encrypted for it). FAILED is final and outranks the others.
     */
    public enum Status {
        SENT, DELIVERED, READ, FAILED
    }

    public HistoryEntry withStatus(Status status) {
        return new HistoryEntry(messageId, conversationId, seq, sender, sentAt, body, undecryptable, status);
    }
}
