package app.famichat.history;

import app.famichat.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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

    long of(UUID conversationId, UUID userId) {
        return Rows.first(em.createNativeQuery("SELECT seq FROM read_cursors WHERE conversation_id = ? AND user_id = ?")
                .setParameter(1, conversationId).setParameter(2, userId), row -> row.longValue(0)).orElse(0L);
    }
}
