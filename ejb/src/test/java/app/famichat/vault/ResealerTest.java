package app.famichat.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ResealerTest {

    private static final SealedColumn PREKEYS = SealedColumn.of("prekeys", "record", "user_id", "device_id", "id");
    private static final SealedColumn STORAGE_KEYS = SealedColumn.of("user_storage_keys", "key", "user_id");

    /** A table whose rows are the numbers 1 to {@code rows}; the rows in {@code refusing} do not open. */
    private static final class Table extends ResealBatch {

        final int rows;
        final List<Integer> refusing;
        final List<Integer> moved = new ArrayList<>();
        final List<ResealBatch.KeyCursor> cursors = new ArrayList<>();

        Table(int rows, Integer... refusing) {
            this.rows = rows;
            this.refusing = Arrays.asList(refusing);
        }

        @Override
        public Moved move(KeyVault vault, SealedColumn column, KeyCursor after, int size) {
            cursors.add(after);
            int from = after == null ? 1 : (Integer) after.values().get(0) + 1;
            int to = Math.min(rows, from + size - 1);
            Map<String, Long> refusals = new TreeMap<>();
            int resealed = 0;
            for (int row = from; row <= to; row++) {
                if (refusing.contains(row)) {
                    refusals.merge(column + ": unknown key", 1L, Long::sum);
                } else {
                    moved.add(row);
                    resealed++;
                }
            }
            return new Moved(Math.max(0, to - from + 1), resealed, refusals,
                    to < from ? null : new KeyCursor(List.of(to)));
        }

        @Override
        public long remaining(KeyVault vault, List<SealedColumn> columns) {
            return rows - moved.size();
        }
    }

    private final VaultMetrics metrics = new VaultMetrics();

    private Resealer resealer(Table table) {
        Resealer resealer = new Resealer();
        resealer.batches = table;
        resealer.metrics = metrics;
        return resealer;
    }

    @Test
    void walksTheTableBatchByBatchFromTheLastKeyAndCountsRefusedRows() {
        Table table = new Table(5, 3);
        Resealer.Outcome outcome = resealer(table).run(null, List.of(STORAGE_KEYS), 2);

        assertEquals(new Resealer.Outcome(4, 1, 1), outcome);
        assertEquals(List.of(1, 2, 4, 5), table.moved);
        assertEquals(Arrays.asList(null, new ResealBatch.KeyCursor(List.of(2)), new ResealBatch.KeyCursor(List.of(4))),
                table.cursors, "a full batch is followed by one starting after its last key; a short one ends it");
        assertEquals(4, metrics.resealedRows());
        assertEquals(1, metrics.resealRemainingRows());
    }

    @Test
    void aTableOfExactlyOneBatchEndsWithAnEmptyOne() {
        Table table = new Table(2);
        assertEquals(new Resealer.Outcome(2, 0, 0), resealer(table).run(null, List.of(STORAGE_KEYS), 2));
        assertEquals(2, table.cursors.size());
    }

    @Test
    void refusesANonPositiveBatchSize() {
        assertThrows(IllegalArgumentException.class, () -> resealer(new Table(1)).run(null, List.of(STORAGE_KEYS), 0));
    }

    @Test
    void selectsInKeyOrderAfterTheCompositeCursorSkippingLockedRowsAndUpdatesOnlyTheCiphertext() {
        assertEquals("SELECT user_id, device_id, id, record FROM prekeys WHERE substring(record from 1 for 5) <> ?"
                        + " AND (user_id, device_id, id) > (?, ?, ?) ORDER BY user_id, device_id, id LIMIT ?"
                        + " FOR UPDATE SKIP LOCKED",
                ResealBatch.select(PREKEYS, 5, true));
        assertEquals("SELECT user_id, key FROM user_storage_keys WHERE substring(key from 1 for 4) <> ?"
                + " ORDER BY user_id LIMIT ? FOR UPDATE SKIP LOCKED", ResealBatch.select(STORAGE_KEYS, 4, false));
        assertEquals("UPDATE prekeys SET record = ? WHERE user_id = ? AND device_id = ? AND id = ?",
                ResealBatch.update(PREKEYS));
    }
}
