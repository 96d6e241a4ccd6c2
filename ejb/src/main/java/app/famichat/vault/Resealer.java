package app.famichat.vault;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Moves every ciphertext of the given columns to a vault's active master key: opens it with the key that sealed
 * it and seals it again. Works in batches, each in its own transaction ({@link ResealBatch}), walking each table
 * in primary-key order (keyset pagination, composite keys included), and finds its work by reading the key id in
 * each ciphertext's header, so it is resumable by simply running it again: rows already moved are not selected.
 * Rows that do not open (an unconfigured key, tampering) are left as they are and counted as refused.
 *
 * <p>Concurrent writers: a batch takes its rows with {@code FOR UPDATE SKIP LOCKED} and writes them in the same
 * transaction, so no row changes between its read and its write, and a row another transaction is writing (a
 * Signal session being advanced, say) is skipped rather than waited for, and counted as remaining. Only the
 * ciphertext changes, never the plaintext nor any other column: a session's optimistic {@code version} is left
 * alone, so a writer that loaded the session before the re-seal still stores its successor (bumping the version
 * would only make that writer retry for nothing).
 *
 * <p>The job itself runs outside any transaction: one around it would hold a connection for the whole run and
 * end at the transaction timeout.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Resealer {

    private static final Logger LOG = Logger.getLogger(Resealer.class.getName());

    /** What one run did. {@code remaining} counts rows still sealed by another key after the run. */
    public record Outcome(long resealed, long refused, long remaining) {
    }

    @Inject
    ResealBatch batches;

    @Inject
    VaultMetrics metrics;

    /**
     * Re-seals with {@code vault} (the application's own, or one holding a key this server does not run with yet),
     * {@code batchSize} rows a transaction.
     */
    public Outcome run(KeyVault vault, List<SealedColumn> columns, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        long left = batches.remaining(vault, columns);
        metrics.resealRemaining(left);
        long resealed = 0;
        long refused = 0;
        for (SealedColumn column : columns) {
            Map<String, Long> refusals = new TreeMap<>();
            ResealBatch.KeyCursor cursor = null;
            while (true) {
                ResealBatch.Moved batch = batches.move(vault, column, cursor, batchSize);
                batch.refusals().forEach((reason, rows) -> refusals.merge(reason, rows, Long::sum));
                resealed += batch.resealed();
                refused += batch.selected() - batch.resealed();
                metrics.resealed(batch.resealed());
                left = Math.max(0, left - batch.resealed());
                metrics.resealRemaining(left);
                if (batch.selected() < batchSize) {
                    break;
                }
                cursor = batch.last();
            }
            // One line per cause, not per row: a forgotten old key would otherwise log every row of every table.
            refusals.forEach((reason, rows) -> LOG.warning("Re-seal: left " + rows + " row(s) as they are: " + reason));
            LOG.info(() -> "Re-seal: " + column + " done");
        }
        long remaining = batches.remaining(vault, columns);
        metrics.resealRemaining(remaining);
        return new Outcome(resealed, refused, remaining);
    }

    /** Rows of these columns whose ciphertext names a key other than {@code vault}'s active one. */
    public long remaining(KeyVault vault, List<SealedColumn> columns) {
        return batches.remaining(vault, columns);
    }
}
