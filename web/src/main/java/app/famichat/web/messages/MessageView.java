package app.famichat.web.messages;

import app.famichat.send.HistoryEntry;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A message as a client sees it, in history pages and in the socket's message frames. {@code status} only on
 * the caller's own messages: sent, delivered (on every recipient device) or read (by every other member).
 */
public record MessageView(UUID messageId, UUID conversationId, long seq, UUID senderId, int senderDeviceId,
        Instant sentAt, String body, boolean undecryptable, String status) {

    public static MessageView of(HistoryEntry entry) {
        return new MessageView(entry.messageId(), entry.conversationId(), entry.seq(), entry.sender().userId(),
                entry.sender().deviceId(), entry.sentAt(), entry.body(), entry.undecryptable(),
                entry.status() == null ? null : status(entry.status()));
    }

    /** A status as clients read it, in history and in the socket's status frames: sent, delivered, read, failed. */
    public static String status(HistoryEntry.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
