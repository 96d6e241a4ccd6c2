package app.famichat.bench.floor;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/** The deliveries' rows: stored once per (message, recipient), acknowledged in one statement per ack frame. */
@Stateless
public class FloorStore {

    @Resource(lookup = FloorResources.DATA_SOURCE)
    DataSource dataSource;

    @Resource
    SessionContext context;

    @Inject
    FloorSignal signal;

    /**
     * True if this stored the envelope; false for a redelivered message (the row exists). In the signal mode the
     * envelope is the sender's session's Signal message, decrypted by the recipient's session in the same
     * transaction, both sessions read locked and written back sealed ({@link FloorSignal}).
     */
    public boolean store(UUID messageId, String sender, String recipient, byte[] body) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO floor_envelopes (message_id, "
                     + "recipient, body) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            byte[] envelope = body;
            if (signal.enabled()) {
                byte[] content = signal.unseal(body, messageId.toString());
                byte[] ciphertext = step(connection, sender, recipient,
                        state -> signal.encrypt(sender, recipient, state, content));
                byte[] opened = step(connection, recipient, sender,
                        state -> signal.decrypt(recipient, sender, state, ciphertext));
                if (!Arrays.equals(opened, content)) {
                    throw new IllegalStateException("An envelope did not decrypt to what was sent");
                }
                envelope = ciphertext;
            }
            insert.setObject(1, messageId);
            insert.setString(2, recipient);
            insert.setBytes(3, envelope);
            if (insert.executeUpdate() == 1) {
                return true;
            }
            context.setRollbackOnly(); // a redelivery: the sessions' steps above must not count
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the envelope", e);
        }
    }

    /** One session's step: its row read under lock, the step, the row written back. */
    private static byte[] step(Connection connection, String owner, String peer,
                               Function<byte[], FloorSignal.Step> work) throws SQLException {
        byte[] sealed;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT state FROM floor_sessions WHERE owner = ? AND peer = ? FOR UPDATE")) {
            select.setString(1, owner);
            select.setString(2, peer);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("No session " + owner + " -> " + peer);
                }
                sealed = row.getBytes(1);
            }
        }
        FloorSignal.Step step = work.apply(sealed);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE floor_sessions SET state = ? WHERE owner = ? AND peer = ?")) {
            update.setBytes(1, step.sealedSession());
            update.setString(2, owner);
            update.setString(3, peer);
            update.executeUpdate();
        }
        return step.output();
    }

    /** The signal mode's sessions, sealed, replacing any of an earlier set-up. */
    public void saveSessions(List<FloorSignal.SealedSession> sessions) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO floor_sessions (owner, peer, state) "
                     + "VALUES (?, ?, ?) ON CONFLICT (owner, peer) DO UPDATE SET state = excluded.state")) {
            for (FloorSignal.SealedSession session : sessions) {
                insert.setString(1, session.owner());
                insert.setString(2, session.peer());
                insert.setBytes(3, session.state());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not save the sessions", e);
        }
    }

    /**
     * Messages sent, envelopes stored, envelopes acknowledged (the load tool's check that nothing was lost), and for
     * the messages sent between {@code from} and {@code to} the server's "send -> all envelopes stored" p50 and
     * p99 in milliseconds (the send's transaction start to its last envelope's insert, by the database's clock).
     */
    public String counts(Instant from, Instant to) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT (SELECT count(*) FROM floor_messages), "
                     + "(SELECT count(*) FROM floor_envelopes), (SELECT count(delivered_at) FROM floor_envelopes), "
                     + "percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), "
                     + "count(ms) FROM (SELECT extract(epoch FROM max(e.stored_at) - m.sent_at) * 1000 AS ms "
                     + "FROM floor_messages m JOIN floor_envelopes e ON e.message_id = m.id "
                     + "WHERE m.sent_at >= ? AND m.sent_at < ? GROUP BY m.id, m.sent_at) window_")) {
            select.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            select.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return String.format(Locale.ROOT, "messages %d, envelopes %d, acknowledged %d; server, send -> all "
                        + "envelopes stored, %d sends of the window: p50 %.1f ms, p99 %.1f ms", row.getLong(1),
                        row.getLong(2), row.getLong(3), row.getLong(6), row.getDouble(4), row.getDouble(5));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count", e);
        }
    }

    public int delivered(String recipient, List<UUID> messageIds) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE floor_envelopes SET delivered_at = now() "
                     + "WHERE recipient = ? AND message_id = ANY (?) AND delivered_at IS NULL")) {
            Array ids = connection.createArrayOf("uuid", messageIds.toArray());
            update.setString(1, recipient);
            update.setArray(2, ids);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not mark delivered", e);
        }
    }
}
