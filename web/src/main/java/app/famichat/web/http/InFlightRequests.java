package app.famichat.web.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests in progress per key, with a ceiling. Per node on purpose: what it protects is this node's request
 * threads, which no other node shares. A key's entry disappears when its last request ends.
 */
final class InFlightRequests {

    private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Counts a request of {@code key} in, unless {@code max} are already in progress. */
    boolean tryEnter(String key, int max) {
        boolean[] entered = {false};
        counts.compute(key, (k, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < max) {
                current.incrementAndGet();
                entered[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        return entered[0];
    }

    /** Counts a request of {@code key} out (only after a successful {@link #tryEnter}). */
    void leave(String key) {
        counts.computeIfPresent(key, (k, count) -> count.decrementAndGet() == 0 ? null : count);
    }

    int inFlight(String key) {
        AtomicInteger count = counts.get(key);
        return count == null ? 0 : count.get();
    }

    int keys() {
        return counts.size();
    }
}
