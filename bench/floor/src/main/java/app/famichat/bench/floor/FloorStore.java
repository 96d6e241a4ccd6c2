package app.famichat.bench.floor;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/** The deliveries' rows: stored once per (message, recipient), acknowledged in one statement per ack frame. */
@Stateless
public class FloorStore {

    @Resource(lookup = FloorResources.DATA_SOURCE)
    DataSource dataSource;

    /** True if this stored the envelope; false for a redelivered message (the row exists). */
    public boolean store(UUID messageId, String recipient, byte[] body) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO floor_envelopes (message_id, "
                     + "recipient, body) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, messageId);
            insert.setString(2, recipient);
            insert.setBytes(3, body);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the envelope", e);
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
