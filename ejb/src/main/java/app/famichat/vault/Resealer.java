package app.famichat.vault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Moves every ciphertext of the given columns to the vault's active master key: opens it with the key that
 * sealed it and seals it again. Works in batches, each in its own transaction, and finds its work by reading the
 * key id in each ciphertext's header, so it is resumable by simply running it again: rows already moved are not
 * selected. Rows locked by another writer are skipped (counted as remaining); rows that do not open (an
 * unconfigured key, tampering) are left as they are and counted as refused.
 *
 * <p>Plain JDBC on a data source, outside any JTA transaction (it commits its own batches).
 */
public final class Resealer {

    private static final Logger LOG = Logger.getLogger(Resealer.class.getName());

    /** What one run did. {@code remaining} counts rows still sealed by another key after the run. */
    public record Outcome(long resealed, long refused, long remaining) {
    }

    private final KeyVault vault;
    private final DataSource dataSource;
    private final VaultMetrics metrics;
    private final int batchSize;

    public Resealer(KeyVault vault, DataSource dataSource, VaultMetrics metrics, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.vault = vault;
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.batchSize = batchSize;
    }

    public Outcome run(List<SealedColumn> columns) throws SQLException {
        String active = vault.activeKeyId();
        long left = remaining(columns);
        metrics.resealRemaining(left);
        long resealed = 0;
        long refused = 0;
        for (SealedColumn column : columns) {
            Object cursor = null;
            while (true) {
                Batch batch = batch(column, active, cursor);
                resealed += batch.resealed;
                refused += batch.refused;
                metrics.resealed(batch.resealed);
                left = Math.max(0, left - batch.resealed);
                metrics.resealRemaining(left);
                if (batch.selected < batchSize) {
                    break;
                }
                cursor = batch.lastId;
            }
            LOG.info(() -> "Re-seal: " + column + " done");
        }
        long remaining = remaining(columns);
        metrics.resealRemaining(remaining);
        return new Outcome(resealed, refused, remaining);
    }

    /** Rows of these columns whose ciphertext names a key other than the active one. */
    public long remaining(List<SealedColumn> columns) throws SQLException {
        long count = 0;
        try (Connection connection = dataSource.getConnection()) {
            for (SealedColumn column : columns) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM " + column.table() + " WHERE " + otherKey(column))) {
                    statement.setString(1, vault.activeKeyId());
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        count += rows.getLong(1);
                    }
                }
            }
        }
        return count;
    }

    private record Batch(int selected, int resealed, int refused, Object lastId) {
    }

    private Batch batch(SealedColumn column, String active, Object cursor) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Batch batch = batch(connection, column, active, cursor);
                connection.commit();
                return batch;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private Batch batch(Connection connection, SealedColumn column, String active, Object cursor)
            throws SQLException {
        String id = column.idColumn();
        String select = "SELECT " + id + ", " + column.column() + " FROM " + column.table() + " WHERE "
                + otherKey(column) + (cursor == null ? "" : " AND " + id + " > ?")
                + " ORDER BY " + id + " LIMIT ? FOR UPDATE SKIP LOCKED";
        List<Object> ids = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(select)) {
            int p = 1;
            statement.setString(p++, active);
            if (cursor != null) {
                statement.setObject(p++, cursor);
            }
            statement.setInt(p, batchSize);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1));
                    values.add(rows.getBytes(2));
                }
            }
        }
        int resealed = 0;
        int refused = 0;
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + column.table() + " SET " + column.column() + " = ? WHERE " + id + " = ?")) {
            for (int i = 0; i < ids.size(); i++) {
                byte[] moved;
                try {
                    moved = vault.reseal(values.get(i), column.place(ids.get(i)));
                } catch (VaultException e) {
                    // The message names the table, column and key id, never the row.
                    LOG.warning("Re-seal: left a row as it is: " + e.getMessage());
                    refused++;
                    continue;
                }
                update.setBytes(1, moved);
                update.setObject(2, ids.get(i));
                update.addBatch();
                resealed++;
            }
            if (resealed > 0) {
                update.executeBatch();
            }
        }
        return new Batch(ids.size(), resealed, refused, ids.isEmpty() ? cursor : ids.get(ids.size() - 1));
    }

    /**
     * The header's key id (format version 1: byte 2 is its length, the id follows) differs from the active one
     * (parameter 1). Ids are ASCII, so the 'escape' encoding returns them unchanged.
     */
    private static String otherKey(SealedColumn column) {
        String c = column.column();
        return "encode(substring(" + c + " from 3 for get_byte(" + c + ", 1)), 'escape') <> ?";
    }
}
