package app.famichat.delivery;

import app.famichat.send.HistoryEntry;
import java.util.List;

/** What one take handed to a device; {@code more}: envelopes are still waiting (take again). */
public record TakenBatch(List<HistoryEntry> entries, boolean more) {
}
