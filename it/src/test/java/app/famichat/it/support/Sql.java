package app.famichat.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * One-statement SQL for tests that look at or bend the database behind the server's back: outside the server
 * ({@link TestDatabase}) and inside it (a container test's data source).
 */
public final class Sql {

    /** Where a statement gets its connection: {@code DataSource::getConnection}, {@code TestDatabase::connect}. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private Sql() {
    }

    /** The number in the first column of the first row {@code sql} selects (a count, say), parameters bound in order. */
    public static long number(Connections db, String sql, Object... parameters) throws SQLException {
        try (Connection connection = db.open(); PreparedStatement query = prepare(connection, sql, parameters);
             ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("no row: " + sql);
            }
            return row.getLong(1);
        }
    }

    /** Runs an update with the parameters bound in order; how many rows it changed. */
    public static int update(Connections db, String sql, Object... parameters) throws SQLException {
        try (Connection connection = db.open(); PreparedStatement update = prepare(connection, sql, parameters)) {
            return update.executeUpdate();
        }
    }

    /** How many prekeys (one-time, Kyber and signed) the device has stored. */
    public static long keyRows(Connections db, UUID user, int deviceId) throws SQLException {
        short device = (short) deviceId;
        return number(db, "SELECT (SELECT count(*) FROM signal_prekeys WHERE user_id = ? AND device_id = ?) "
                + "+ (SELECT count(*) FROM signal_kyber_prekeys WHERE user_id = ? AND device_id = ?) "
                + "+ (SELECT count(*) FROM signal_signed_prekeys WHERE user_id = ? AND device_id = ?)",
                user, device, user, device, user, device);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
