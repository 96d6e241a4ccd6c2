package app.famichat.history;

import app.famichat.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.UUID;

/**
 * The facts behind the status of a sender's own messages ({@link StatusFacts}, which decides it), counted over
 * {@code messages}, {@code message_envelopes}, the conversation's members, their {@code read_cursors} and
 * {@code message_failures}.
 */
@ApplicationScoped
class StatusStore {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    /** The sender's own messages with seq in [fromSeq, toSeq]. */
    List<StatusFacts> ofOwnMessages(UUID conversationId, UUID senderId, long fromSeq, long toSeq) {
        return Rows.list(em.createNativeQuery("SELECT m.id, m.seq, m.fan_out, "
                        + "(SELECT count(*) FROM message_envelopes e WHERE e.message_id = m.id AND e.delivered_at IS NOT NULL), "
                        + "(SELECT count(*) FROM conversation_membership cm WHERE cm.conversation_id = m.conversation_id "
                        + "AND cm.user_id <> m.sender_user_id), "
                        + "(SELECT count(*) FROM conversation_membership cm JOIN read_cursors r ON r.conversation_id = "
                        + "cm.conversation_id AND r.user_id = cm.user_id WHERE cm.conversation_id = m.conversation_id "
                        + "AND cm.user_id <> m.sender_user_id AND r.seq >= m.seq), "
                        + "(SELECT count(*) FROM message_failures f WHERE f.message_id = m.id) "
                        + "FROM messages m WHERE m.conversation_id = ? AND m.sender_user_id = ? AND m.seq BETWEEN ? AND ?")
                .setParameter(1, conversationId).setParameter(2, senderId).setParameter(3, fromSeq)
                .setParameter(4, toSeq), StatusFacts::from);
    }

    /** Who sent the conversation's messages with seq in [fromSeq, toSeq]. */
    List<UUID> senders(UUID conversationId, long fromSeq, long toSeq) {
        return Rows.list(em.createNativeQuery("SELECT DISTINCT sender_user_id FROM messages WHERE conversation_id = ? "
                        + "AND seq BETWEEN ? AND ?")
                .setParameter(1, conversationId).setParameter(2, fromSeq).setParameter(3, toSeq),
                row -> row.uuid(0));
    }
}
