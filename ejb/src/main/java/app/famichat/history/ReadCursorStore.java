package app.famichat.history;

import app.famichat.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.UUID;

/** {@code read_cursors}: how far each member has read each conversation. A cursor only moves forward. */
@ApplicationScoped
class ReadCursorStore {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    void advance(UUID conversationId, UUID userId, long seq) {
        em.createNativeQuery("INSERT INTO read_cursors (conversation_id, user_id, seq, updated_at) VALUES (?, ?, ?, now()) "
                        + "ON CONFLICT (conversation_id, user_id) DO UPDATE SET seq = GREATEST(read_cursors.seq, EXCLUDED.seq), "
                        + "updated_at = now()")
                .setParameter(1, conversationId).setParameter(2, userId).setParameter(3, seq).executeUpdate();
    }

    /**
     * For each conversation the user is a member of now, in one statement: their read cursor (0 if none) and how
     * many messages of their history there are above it that others sent.
     */
    List<ReadState> ofConversationsOf(UUID userId) {
        return Rows.list(em.createNativeQuery("SELECT cm.conversation_id, COALESCE(r.seq, 0), "
                        + "(SELECT count(*) FROM message_history h WHERE h.user_id = cm.user_id "
                        + "AND h.conversation_id = cm.conversation_id AND h.seq > COALESCE(r.seq, 0) "
                        + "AND h.sender_user_id <> cm.user_id) "
                        + "FROM conversation_membership cm LEFT JOIN read_cursors r "
                        + "ON r.conversation_id = cm.conversation_id AND r.user_id = cm.user_id WHERE cm.user_id = ?")
                .setParameter(1, userId),
                row -> new ReadState(row.uuid(0), row.longValue(1), row.longValue(2)));
    }

    long of(UUID conversationId, UUID userId) {
        return Rows.first(em.createNativeQuery("SELECT seq FROM read_cursors WHERE conversation_id = ? AND user_id = ?")
                .setParameter(1, conversationId).setParameter(2, userId), row -> row.longValue(0)).orElse(0L);
    }
}
