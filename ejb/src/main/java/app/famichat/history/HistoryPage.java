package app.famichat.history;

import app.famichat.send.HistoryEntry;
import java.util.List;

/** A page of a conversation's history, oldest first; {@code more}: there are further messages that way. */
public record HistoryPage(List<HistoryEntry> messages, boolean more, long readSeq) {
}
