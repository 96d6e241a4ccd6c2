package app.famichat.send;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only fault, in MessagePipelineIT's deployment only: for an armed message, the first count that marks it
 * fanned out (its last envelope's, in the encrypting transaction) succeeds and then fails, so that transaction
 * rolls back with the mark and the broker redelivers. Marks are counted per message, rolled back ones included.
 * In MessageStore's package: the bean's client proxy must be able to override its package-private methods.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class FailOnceAfterFannedOut extends MessageStore {

    private static final Set<UUID> ARMED = ConcurrentHashMap.newKeySet();
    private static final Map<UUID, AtomicInteger> MARKS = new ConcurrentHashMap<>();

    /** The next count that marks this message fanned out fails after marking (once). */
    public static void arm(UUID messageId) {
        ARMED.add(messageId);
    }

    /** Times this message was marked fanned out, rolled back marks included. */
    public static int marks(UUID messageId) {
        AtomicInteger count = MARKS.get(messageId);
        return count == null ? 0 : count.get();
    }

    @Override
    public boolean markFannedOutIfComplete(UUID messageId) {
        boolean marked = super.markFannedOutIfComplete(messageId);
        if (marked) {
            MARKS.computeIfAbsent(messageId, id -> new AtomicInteger()).incrementAndGet();
            if (ARMED.remove(messageId)) {
                throw new IllegalStateException("injected failure after marking the message fanned out");
            }
        }
        return marked;
    }
}
