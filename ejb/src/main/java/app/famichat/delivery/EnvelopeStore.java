package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.persistence.Rows;
import app.famichat.send.HistoryEntry.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.signal.libsignal.protocol.message.CiphertextMessage;

/** {@code message_envelopes} and {@code message_encryption}: Signal ciphertext per recipient device. */
@ApplicationScoped
class EnvelopeStore {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    boolean exists(UUID messageId, DeviceAddress recipient) {
        return Rows.first(em.createNativeQuery("SELECT 1 FROM message_envelopes WHERE message_id = ? "
                        + "AND recipient_user_id = ? AND recipient_device_id = ?")
                .setParameter(1, messageId).setParameter(2, recipient.userId())
                .setParameter(3, recipient.column()), row -> true).isPresent();
    }

    /**
     * Records that the recipient device will never get the message, in place of its envelope; false if it was
     * recorded already (a redelivered fan-out message).
     */
    boolean insertFailure(UUID messageId, DeviceAddress recipient, String reason) {
        return em.createNativeQuery("INSERT INTO message_failures (message_id, recipient_user_id, recipient_device_id, "
                        + "reason, failed_at) VALUES (?, ?, ?, ?, now()) ON CONFLICT DO NOTHING")
                .setParameter(1, messageId).setParameter(2, recipient.userId()).setParameter(3, recipient.column())
                .setParameter(4, reason).executeUpdate() == 1;
    }

    /**
     * The envelope and its encryption metadata, in one statement; the primary key refuses a second envelope for
     * one device.
     */
    void insert(Envelope envelope, boolean sessionEstablished) {
        em.createNativeQuery("WITH envelope AS (INSERT INTO message_envelopes (message_id, recipient_user_id, "
                        + "recipient_device_id, conversation_id, sender_user_id, sender_device_id, signal_type, ciphertext, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, now()) RETURNING message_id, recipient_user_id, "
                        + "recipient_device_id, sender_user_id, sender_device_id) "
                        + "INSERT INTO message_encryption (message_id, recipient_user_id, recipient_device_id, protocol, "
                        + "version, sender_user_id, sender_device_id, session_established) SELECT message_id, "
                        + "recipient_user_id, recipient_device_id, 'signal', ?, sender_user_id, sender_device_id, ? "
                        + "FROM envelope")
                .setParameter(1, envelope.messageId()).setParameter(2, envelope.recipient().userId())
                .setParameter(3, envelope.recipient().column()).setParameter(4, envelope.conversationId())
                .setParameter(5, envelope.sender().userId()).setParameter(6, envelope.sender().column())
                .setParameter(7, (short) envelope.signalType()).setParameter(8, envelope.ciphertext())
                .setParameter(9, (short) CiphertextMessage.CURRENT_VERSION).setParameter(10, sessionEstablished)
                .executeUpdate();
    }

    /** Envelopes the device has not taken yet, in the order they were encrypted (which is per-pair order). */
    /** The user's devices that have envelopes waiting to be taken. */
    List<DeviceAddress> devicesWithUntaken(UUID userId) {
        return Rows.list(em.createNativeQuery("SELECT DISTINCT recipient_device_id FROM message_envelopes "
                        + "WHERE recipient_user_id = ? AND taken_at IS NULL").setParameter(1, userId),
                row -> new DeviceAddress(userId, row.intValue(0)));
    }

    List<Envelope> untaken(DeviceAddress recipient, int limit) {
        return Rows.list(em.createNativeQuery("SELECT e.message_id, e.conversation_id, m.seq, e.sender_user_id, "
                        + "e.sender_device_id, m.sent_at, e.signal_type, e.ciphertext FROM message_envelopes e "
                        + "JOIN messages m ON m.id = e.message_id WHERE e.recipient_user_id = ? "
                        + "AND e.recipient_device_id = ? AND e.taken_at IS NULL ORDER BY e.no LIMIT ?")
                .setParameter(1, recipient.userId()).setParameter(2, recipient.column())
                .setParameter(3, limit),
                row -> new Envelope(row.uuid(0), row.uuid(1), row.longValue(2),
                        new DeviceAddress(row.uuid(3), row.intValue(4)), recipient, row.instant(5), row.intValue(6),
                        row.bytes(7)));
    }

    /** Whether this envelope started its pair's session (a re-sent one that fails again is not re-sent again). */
    boolean establishedSession(Envelope envelope) {
        return Rows.first(em.createNativeQuery("SELECT session_established FROM message_encryption "
                        + "WHERE message_id = ? AND recipient_user_id = ? AND recipient_device_id = ?")
                .setParameter(1, envelope.messageId()).setParameter(2, envelope.recipient().userId())
                .setParameter(3, envelope.recipient().column()), row -> row.bool(0)).orElse(false);
    }

    void markTaken(Envelope envelope) {
        em.createNativeQuery("UPDATE message_envelopes SET taken_at = now() WHERE message_id = ? "
                        + "AND recipient_user_id = ? AND recipient_device_id = ?")
                .setParameter(1, envelope.messageId()).setParameter(2, envelope.recipient().userId())
                .setParameter(3, envelope.recipient().column()).executeUpdate();
    }

    /** Removes an envelope that is to be encrypted again (its session was lost). */
    void delete(Envelope envelope) {
        em.createNativeQuery("DELETE FROM message_envelopes WHERE message_id = ? AND recipient_user_id = ? "
                        + "AND recipient_device_id = ?")
                .setParameter(1, envelope.messageId()).setParameter(2, envelope.recipient().userId())
                .setParameter(3, envelope.recipient().column()).executeUpdate();
    }

    /**
     * The device has these messages (acknowledged on the socket), in one statement: each message this marked, with
     * its place (from = to = its seq); none for an id that is unknown, another device's, not yet taken, or was
     * delivered already.
     */
    List<StatusChanged> markDelivered(List<UUID> messageIds, DeviceAddress recipient) {
        return Rows.list(em.createNativeQuery("UPDATE message_envelopes e SET delivered_at = now() FROM messages m "
                        + "WHERE m.id = e.message_id AND e.message_id = ANY(CAST(? AS UUID[])) "
                        + "AND e.recipient_user_id = ? AND e.recipient_device_id = ? AND e.taken_at IS NOT NULL "
                        + "AND e.delivered_at IS NULL RETURNING e.conversation_id, m.seq")
                .setParameter(1, messageIds.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}")))
                .setParameter(2, recipient.userId()).setParameter(3, recipient.column()),
                row -> new StatusChanged(row.uuid(0), row.longValue(1), row.longValue(1), Status.DELIVERED));
    }

    /**
     * The device has every taken message of the conversation from {@code fromSeq} to {@code toSeq} (a fetch): the
     * seqs of the envelopes this marked delivered (those not delivered before).
     */
    List<Long> markDelivered(DeviceAddress recipient, UUID conversationId, long fromSeq, long toSeq) {
        return Rows.list(em.createNativeQuery("UPDATE message_envelopes e SET delivered_at = now() FROM messages m "
                        + "WHERE m.id = e.message_id AND e.recipient_user_id = ? AND e.recipient_device_id = ? "
                        + "AND e.conversation_id = ? AND e.taken_at IS NOT NULL AND e.delivered_at IS NULL "
                        + "AND m.conversation_id = ? AND m.seq BETWEEN ? AND ? RETURNING m.seq")
                .setParameter(1, recipient.userId()).setParameter(2, recipient.column())
                .setParameter(3, conversationId).setParameter(4, conversationId).setParameter(5, fromSeq)
                .setParameter(6, toSeq), row -> row.longValue(0));
    }

    /**
     * Envelopes waiting for locked users with no live unlock (signed out): they stay Signal ciphertext until one
     * of the user's tokens unlocks the keyring.
     */
    long waitingForLockedUsers() {
        return Rows.first(em.createNativeQuery("SELECT count(*) FROM message_envelopes e JOIN users u "
                        + "ON u.id = e.recipient_user_id WHERE e.taken_at IS NULL AND u.custody = 'locked' AND NOT EXISTS "
                        + "(SELECT 1 FROM keyring_unlocks k WHERE k.user_id = u.id AND k.expires_at > now())"),
                row -> row.longValue(0)).orElseThrow();
    }

    long pending() {
        return Rows.first(em.createNativeQuery("SELECT count(*) FROM message_envelopes WHERE taken_at IS NULL"),
                row -> row.longValue(0)).orElseThrow();
    }
}
