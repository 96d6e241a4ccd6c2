package app.famichat.send;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.platform.persistence.Rows;
import app.famichat.vault.SealContext;
import app.famichat.vault.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code message_history}: each user's copy of each message, the body sealed under that user's storage key (so
 * erasing the key erases the history). The only place message text is kept after delivery.
 */
@ApplicationScoped
public class HistoryStore {

    static final String TABLE = "message_history";
    static final String COLUMN = "body_sealed";

    private static final String COLUMNS = "message_id, conversation_id, seq, sender_user_id, sender_device_id, "
            + "sent_at, body_sealed, undecryptable";

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Inject
    StorageKeys storageKeys;

    static SealContext place(UUID userId, UUID messageId) {
        return new SealContext(TABLE, COLUMN, userId + "/" + messageId);
    }

    /** Stores the user's copy unless they have one already (another of their devices took it first). */
    public void store(UUID userId, HistoryEntry entry) {
        byte[] sealed = storageKeys.seal(userId, place(userId, entry.messageId()),
                entry.body().getBytes(StandardCharsets.UTF_8));
        em.createNativeQuery("INSERT INTO message_history (user_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING")
                .setParameter(1, userId).setParameter(2, entry.messageId()).setParameter(3, entry.conversationId())
                .setParameter(4, entry.seq()).setParameter(5, entry.sender().userId())
                .setParameter(6, entry.sender().column()).setParameter(7, DatabaseClock.utc(entry.sentAt()))
                .setParameter(8, sealed).setParameter(9, entry.undecryptable())
                .executeUpdate();
    }

    public Optional<HistoryEntry> find(UUID userId, UUID messageId) {
        return Rows.first(em.createNativeQuery("SELECT " + COLUMNS + " FROM message_history WHERE user_id = ? "
                        + "AND message_id = ?")
                .setParameter(1, userId).setParameter(2, messageId), row -> entry(userId, row));
    }

    /**
     * Up to {@code limit} entries of a conversation, oldest first: the newest ones before {@code beforeSeq}, or
     * the oldest ones after {@code afterSeq} (at most one of the two is given; neither: the newest).
     */
    public List<HistoryEntry> page(UUID userId, UUID conversationId, Long beforeSeq, Long afterSeq, int limit) {
        boolean forward = afterSeq != null;
        String sql = "SELECT " + COLUMNS + " FROM message_history WHERE user_id = ? AND conversation_id = ?"
                + (forward ? " AND seq > ?" : beforeSeq != null ? " AND seq < ?" : " AND ? = 0")
                + " ORDER BY seq " + (forward ? "ASC" : "DESC") + " LIMIT ?";
        List<HistoryEntry> entries = Rows.list(em.createNativeQuery(sql)
                .setParameter(1, userId).setParameter(2, conversationId)
                .setParameter(3, forward ? afterSeq : beforeSeq != null ? beforeSeq : 0L)
                .setParameter(4, limit), row -> entry(userId, row));
        if (!forward) {
            entries = new ArrayList<>(entries);
            Collections.reverse(entries);
        }
        return entries;
    }

    /**
     * The newest entry of each conversation the user is a member of now, in one statement (one index probe per
     * conversation); conversations without any are left out.
     */
    public List<HistoryEntry> newestOfEach(UUID userId) {
        return Rows.list(em.createNativeQuery("SELECT newest.* FROM conversation_membership cm CROSS JOIN LATERAL "
                        + "(SELECT " + COLUMNS + " FROM message_history h WHERE h.user_id = cm.user_id "
                        + "AND h.conversation_id = cm.conversation_id ORDER BY h.seq DESC LIMIT 1) newest "
                        + "WHERE cm.user_id = ?")
                .setParameter(1, userId), row -> entry(userId, row));
    }

    /** What a device has taken (decrypted into its user's history) but not yet acknowledged, oldest first. */
    public List<HistoryEntry> unacknowledged(DeviceAddress device, int limit) {
        return Rows.list(em.createNativeQuery("SELECT h.message_id, h.conversation_id, h.seq, "
                        + "h.sender_user_id, h.sender_device_id, h.sent_at, h.body_sealed, h.undecryptable "
                        + "FROM message_envelopes e JOIN message_history h ON h.user_id = e.recipient_user_id "
                        + "AND h.message_id = e.message_id WHERE e.recipient_user_id = ? AND e.recipient_device_id = ? "
                        + "AND e.taken_at IS NOT NULL AND e.delivered_at IS NULL ORDER BY h.conversation_id, h.seq LIMIT ?")
                .setParameter(1, device.userId()).setParameter(2, device.column()).setParameter(3, limit),
                row -> entry(device.userId(), row));
    }

    /** A row of {@link #COLUMNS}, its body opened with the user's storage key. */
    private HistoryEntry entry(UUID userId, Rows.Row row) {
        UUID messageId = row.uuid(0);
        String body = new String(storageKeys.open(userId, place(userId, messageId), row.bytes(6)), StandardCharsets.UTF_8);
        return new HistoryEntry(messageId, row.uuid(1), row.longValue(2), new DeviceAddress(row.uuid(3), row.intValue(4)),
                row.instant(5), body, row.bool(7), null);
    }
}
