package app.famichat.send;

import app.famichat.platform.persistence.DatabaseClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** The {@code messages} table: ids, sequence numbers and fan-out of messages, never their content. */
@ApplicationScoped
public class MessageStore {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    Optional<SentMessage> findByClientId(UUID conversationId, UUID senderId, String clientMessageId) {
        List<?> rows = em.createNativeQuery("SELECT id, seq, sent_at FROM messages WHERE conversation_id = ? "
                        + "AND sender_user_id = ? AND client_message_id = ?")
                .setParameter(1, conversationId).setParameter(2, senderId).setParameter(3, clientMessageId)
                .getResultList();
        return rows.stream().findFirst().map(row -> {
            Object[] columns = (Object[]) row;
            return new SentMessage((UUID) columns[0], ((Number) columns[1]).longValue(),
                    ((Timestamp) columns[2]).toInstant(), false);
        });
    }

    /**
     * Locks the conversation's row until the transaction ends and returns its last seq; empty if the conversation
     * is gone (deleted, or deleted while this waited for the lock). Sends to one conversation take their numbers
     * one at a time and commit in seq order, and a send sees every membership change committed before it got the
     * lock (group changes lock the same row). NO KEY UPDATE: rows referencing the conversation can still be
     * inserted meanwhile.
     */
    OptionalLong lockForSend(UUID conversationId) {
        return firstLong(em.createNativeQuery("SELECT last_seq FROM conversations WHERE id = ? FOR NO KEY UPDATE")
                .setParameter(1, conversationId).getResultList());
    }

    /**
     * The conversation's last seq, empty if it is gone; KEY SHARE keeps it from being deleted until the transaction
     * ends, so that rows written next may reference it.
     */
    public OptionalLong lastSeq(UUID conversationId) {
        return firstLong(em.createNativeQuery("SELECT last_seq FROM conversations WHERE id = ? FOR KEY SHARE")
                .setParameter(1, conversationId).getResultList());
    }

    private static OptionalLong firstLong(List<?> rows) {
        return rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(((Number) rows.get(0)).longValue());
    }

    void insert(UUID id, UUID conversationId, long seq, DeviceAddress sender, String clientMessageId,
            Instant sentAt, int fanOut) {
        em.createNativeQuery("UPDATE conversations SET last_seq = ? WHERE id = ?")
                .setParameter(1, seq).setParameter(2, conversationId).executeUpdate();
        em.createNativeQuery("INSERT INTO messages (id, conversation_id, seq, sender_user_id, sender_device_id, "
                        + "client_message_id, sent_at, fan_out, fanned_out_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                        + (fanOut == 0 ? "now()" : "NULL") + ")")
                .setParameter(1, id).setParameter(2, conversationId).setParameter(3, seq)
                .setParameter(4, sender.userId()).setParameter(5, (short) sender.deviceId())
                .setParameter(6, clientMessageId).setParameter(7, DatabaseClock.utc(sentAt)).setParameter(8, fanOut)
                .executeUpdate();
    }

    /** Every device of every member of the conversation except the sending device: who a message goes to. */
    List<DeviceAddress> recipientDevices(UUID conversationId, DeviceAddress sender) {
        List<?> rows = em.createNativeQuery("SELECT d.user_id, d.device_id FROM devices d JOIN conversation_membership m "
                        + "ON m.user_id = d.user_id WHERE m.conversation_id = ? AND NOT (d.user_id = ? AND d.device_id = ?) "
                        + "ORDER BY d.user_id, d.device_id")
                .setParameter(1, conversationId).setParameter(2, sender.userId())
                .setParameter(3, (short) sender.deviceId()).getResultList();
        return rows.stream().map(row -> (Object[]) row)
                .map(columns -> new DeviceAddress((UUID) columns[0], ((Number) columns[1]).intValue())).toList();
    }

    /**
     * Marks the message fanned out if every envelope is now committed. True for exactly one caller per message,
     * however many envelopes commit at once.
     */
    public boolean markFannedOutIfComplete(UUID messageId) {
        return em.createNativeQuery("UPDATE messages SET fanned_out_at = now() WHERE id = ? AND fanned_out_at IS NULL "
                        + "AND fan_out <= (SELECT count(*) FROM message_envelopes WHERE message_id = ?)")
                .setParameter(1, messageId).setParameter(2, messageId).executeUpdate() == 1;
    }

    /**
     * The status of the sender's own messages with seq in [fromSeq, toSeq]: READ once every other member's read
     * cursor has reached it, DELIVERED once every recipient device has it, else SENT.
     */
    public Map<UUID, HistoryEntry.Status> statuses(UUID conversationId, UUID senderId, long fromSeq, long toSeq) {
        List<?> rows = em.createNativeQuery("SELECT m.id, m.fan_out, "
                        + "(SELECT count(*) FROM message_envelopes e WHERE e.message_id = m.id AND e.delivered_at IS NOT NULL), "
                        + "(SELECT count(*) FROM conversation_membership cm WHERE cm.conversation_id = m.conversation_id "
                        + "AND cm.user_id <> m.sender_user_id), "
                        + "(SELECT count(*) FROM conversation_membership cm JOIN read_cursors r ON r.conversation_id = "
                        + "cm.conversation_id AND r.user_id = cm.user_id WHERE cm.conversation_id = m.conversation_id "
                        + "AND cm.user_id <> m.sender_user_id AND r.seq >= m.seq) "
                        + "FROM messages m WHERE m.conversation_id = ? AND m.sender_user_id = ? AND m.seq BETWEEN ? AND ?")
                .setParameter(1, conversationId).setParameter(2, senderId).setParameter(3, fromSeq)
                .setParameter(4, toSeq).getResultList();
        Map<UUID, HistoryEntry.Status> statuses = new HashMap<>();
        for (Object row : rows) {
            Object[] c = (Object[]) row;
            long fanOut = ((Number) c[1]).longValue();
            long delivered = ((Number) c[2]).longValue();
            long others = ((Number) c[3]).longValue();
            long readers = ((Number) c[4]).longValue();
            statuses.put((UUID) c[0], others > 0 && readers == others ? HistoryEntry.Status.READ
                    : fanOut > 0 && delivered >= fanOut ? HistoryEntry.Status.DELIVERED
                    : HistoryEntry.Status.SENT);
        }
        return statuses;
    }
}
