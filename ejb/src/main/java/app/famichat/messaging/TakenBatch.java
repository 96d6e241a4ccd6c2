package app.famichat.messaging;

import java.util.List;

/** What one take handed to a device; {@code more}: envelopes are still waiting (take again). */
public record TakenBatch(List<HistoryEntry> entries, boolean more) {
}
