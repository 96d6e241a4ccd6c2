package app.famichat.delivery;

import app.famichat.send.HistoryEntry;
import java.util.UUID;

/** What a sender's socket is told when one of their messages has moved on: delivered, read or failed. */
public record StatusUpdate(UUID conversationId, UUID messageId, long seq, HistoryEntry.Status status) {
}
