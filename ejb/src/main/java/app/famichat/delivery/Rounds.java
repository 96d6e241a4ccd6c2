package app.famichat.delivery;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Work that one thread at a time does for a key, in rounds, where a request that arrives during a round asks for
 * one more round instead of waiting: {@link #claim} makes the caller the worker (or records the request and
 * returns false); the worker calls {@link #another} after each round, which says whether requests came meanwhile
 * and otherwise forgets the key. A key is held only while its work runs.
 */
final class Rounds<K> {

    /** Per key being worked on: whether another round was requested. */
    private final ConcurrentMap<K, Boolean> requested = new ConcurrentHashMap<>();

    /** True if the caller is to do the work; false if a worker is on it (and will do one more round). */
    boolean claim(K key) {
        boolean[] claimed = {false};
        requested.compute(key, (k, again) -> {
            claimed[0] = again == null;
            return again != null;
        });
        return claimed[0];
    }

    /** After a round: true if requests came during it (do another); false if not, and the key is released. */
    boolean another(K key) {
        return requested.computeIfPresent(key, (k, again) -> again ? Boolean.FALSE : null) != null;
    }

    /** The worker gives up (it failed): the next request finds the key free. */
    void release(K key) {
        requested.remove(key);
    }
}
