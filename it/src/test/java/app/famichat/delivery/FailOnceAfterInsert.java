package app.famichat.delivery;

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
 * Test-only fault, in MessagePipelineIT's deployment only: for an armed message, the first envelope insert
 * succeeds and then fails, so the encryption MDB's transaction rolls back after encrypting, advancing the session
 * and writing the envelope, and the broker redelivers. Every insert is counted per message, so a test can tell
 * that the failure did happen.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class FailOnceAfterInsert extends EnvelopeStore {

    private static final Set<UUID> ARMED = ConcurrentHashMap.newKeySet();
    private static final Map<UUID, AtomicInteger> INSERTS = new ConcurrentHashMap<>();

    /** The next envelope insert of this message fails after writing (once). */
    public static void arm(UUID messageId) {
        ARMED.add(messageId);
    }

    /** Envelope inserts of this message so far, rolled back ones included. */
    public static int inserts(UUID messageId) {
        AtomicInteger count = INSERTS.get(messageId);
        return count == null ? 0 : count.get();
    }

    @Override
    void insert(Envelope envelope, boolean sessionEstablished) {
        super.insert(envelope, sessionEstablished);
        INSERTS.computeIfAbsent(envelope.messageId(), id -> new AtomicInteger()).incrementAndGet();
        if (ARMED.remove(envelope.messageId())) {
            throw new IllegalStateException("injected failure after inserting the envelope");
        }
    }
}
