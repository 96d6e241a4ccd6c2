package app.famichat.keys;

import java.time.Instant;
import java.util.Comparator;

/** A prekey's id and creation time: what rotation decides on. */
record KeyAge(int id, Instant createdAt) {

    /** Oldest first; the order claims use to pick the newest (created_at, then prekey_id). */
    static final Comparator<KeyAge> OLDEST_FIRST = Comparator.comparing(KeyAge::createdAt)
            .thenComparingInt(KeyAge::id);
}
