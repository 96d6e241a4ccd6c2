package app.famichat.send;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** The {@code messages} table: ids, sequence numbers and fan-out of messages, never their content. */
@ApplicationScoped
public class MessageStore {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    Optional<SentMessage> findByClientId(UUID conversationId, UUID senderId, String clientMessageId) {
        return Rows.first(em.createNativeQuery("SELECT id, seq, sent_at FROM messages WHERE conversation_id = ? "
                        + "AND sender_user_id = ? AND client_message_id = ?")
                .setParameter(1, conversationId).setParameter(2, senderId).setParameter(3, clientMessageId),
                row -> new SentMessage(row.uuid(0), row.longValue(1), row.instant(2), false));
    }

    /**
     * Locks the conversation's row until the transaction ends and returns its last seq; empty if the conversation
     * is gone (deleted, or deleted while this waited for the lock). Sends to one conversation take their numbers
     * one at a time and commit in seq order, and a send sees every membership change committed before it got the
     * lock (group changes lock the same row). NO KEY UPDATE: rows referencing the conversation can still be
     * inserted meanwhile.
     */
    OptionalLong lockForSend(UUID conversationId) {
        return lastSeq(em.createNativeQuery("SELECT last_seq FROM conversations WHERE id = ? FOR NO KEY UPDATE")
                .setParameter(1, conversationId));
    }

    /**
     * The conversation's last seq, empty if it is gone; KEY SHARE keeps it from being deleted until the transaction
     * ends, so that rows written next may reference it.
     */
    public OptionalLong lastSeq(UUID conversationId) {
        return lastSeq(em.createNativeQuery("SELECT last_seq FROM conversations WHERE id = ? FOR KEY SHARE")
                .setParameter(1, conversationId));
    }

    private static OptionalLong lastSeq(Query query) {
        return Rows.first(query, row -> OptionalLong.of(row.longValue(0))).orElse(OptionalLong.empty());
    }

    void insert(UUID id, UUID conversationId, long seq, DeviceAddress sender, String clientMessageId,
            Instant sentAt, int fanOut) {
        em.createNativeQuery("UPDATE conversations SET last_seq = ? WHERE id = ?")
                .setParameter(1, seq).setParameter(2, conversationId).executeUpdate();
        em.createNativeQuery("INSERT INTO messages (id, conversation_id, seq, sender_user_id, sender_device_id, "
                        + "client_message_id, sent_at, fan_out, fanned_out_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                        + (fanOut == 0 ? "now()" : "NULL") + ")")
                .setParameter(1, id).setParameter(2, conversationId).setParameter(3, seq)
                .setParameter(4, sender.userId()).setParameter(5, sender.column())
                .setParameter(6, clientMessageId).setParameter(7, DatabaseClock.utc(sentAt)).setParameter(8, fanOut)
                .executeUpdate();
    }

    /** Every device of every member of the conversation except the sending device: who a message goes to. */
    List<DeviceAddress> recipientDevices(UUID conversationId, DeviceAddress sender) {
        return Rows.list(em.createNativeQuery("SELECT d.user_id, d.device_id FROM devices d JOIN conversation_membership m "
                        + "ON m.user_id = d.user_id WHERE m.conversation_id = ? AND NOT (d.user_id = ? AND d.device_id = ?) "
                        + "ORDER BY d.user_id, d.device_id")
                .setParameter(1, conversationId).setParameter(2, sender.userId())
                .setParameter(3, sender.column()),
                row -> new DeviceAddress(row.uuid(0), row.intValue(1)));
    }

    /**
     * Counts an envelope in, in the transaction that inserted it (after the insert): marks the message fanned out
     * if every envelope is now in. True for exactly one transaction per message, however many envelopes commit at
     * once. The message's row lock orders the envelopes' transactions: each counts only after the one before it
     * has committed (under READ COMMITTED the count, a statement after the lock, sees that commit), so the last
     * one in sees them all. Without the lock two last envelopes committing together would each miss the other.
     */
    public boolean markFannedOutIfComplete(UUID messageId) {
        em.createNativeQuery("SELECT 1 FROM messages WHERE id = ? FOR NO KEY UPDATE").setParameter(1, messageId)
                .getResultList();
        return em.createNativeQuery("UPDATE messages SET fanned_out_at = now() WHERE id = ? AND fanned_out_at IS NULL "
                        + "AND fan_out <= (SELECT count(*) FROM message_envelopes WHERE message_id = ?)")
                .setParameter(1, messageId).setParameter(2, messageId).executeUpdate() == 1;
    }
}
