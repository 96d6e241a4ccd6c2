package app.famichat.bench.floor;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
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

    /** Messages sent, envelopes stored, envelopes acknowledged: the load tool's check that nothing was lost. */
    public String counts() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT (SELECT count(*) FROM floor_messages), "
                     + "count(*), count(delivered_at) FROM floor_envelopes");
             ResultSet row = select.executeQuery()) {
            row.next();
            return "messages " + row.getLong(1) + ", envelopes " + row.getLong(2) + ", acknowledged " + row.getLong(3);
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
