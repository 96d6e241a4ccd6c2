package app.famichat.vault;

import app.famichat.platform.persistence.Rows;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One batch of the re-seal job ({@link Resealer}) in a transaction of its own, so that a batch's row locks are
 * held only while it runs and what it moved stays moved if a later batch fails. Public only because an
 * enterprise bean must be; nothing but {@link Resealer} calls it.
 */
@Stateless
public class ResealBatch {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    /**
     * Where the next batch of a table starts: the primary-key values of the last row a batch selected, in the
     * order of {@link SealedColumn#idColumns}, as the database answered them (so they compare as the key does).
     */
    public record KeyCursor(List<Object> values) {

        public KeyCursor {
            values = List.copyOf(values);
        }
    }

    /**
     * What one batch did. {@code refusals} counts the rows left as they are by reason (which names the table,
     * column and key id, never the row); {@code last} is null when it selected nothing.
     */
    public record Moved(int selected, int resealed, Map<String, Long> refusals, KeyCursor last) {

        public Moved {
            refusals = Map.copyOf(refusals);
        }
    }

    /**
     * Takes up to {@code size} rows of {@code column} after {@code after} (null: from the first) that are sealed by
     * another key than {@code vault}'s active one, skipping rows another transaction holds, and re-seals them.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Moved move(KeyVault vault, SealedColumn column, KeyCursor after, int size) {
        byte[] active = activeHeader(vault);
        int keyColumns = column.idColumns().size();
        Query select = em.createNativeQuery(select(column, active.length, after != null));
        int p = 1;
        select.setParameter(p++, active);
        for (Object value : after == null ? List.of() : after.values()) {
            select.setParameter(p++, value);
        }
        select.setParameter(p, size);
        List<Candidate> candidates = Rows.list(select, row -> Candidate.from(row, keyColumns));

        Query update = em.createNativeQuery(update(column));
        Map<String, Long> refusals = new TreeMap<>();
        int resealed = 0;
        for (Candidate candidate : candidates) {
            List<Object> id = candidate.id().values();
            byte[] moved;
            try {
                moved = vault.reseal(candidate.sealed(), column.place(id.toArray()));
            } catch (VaultException e) {
                refusals.merge(e.getMessage(), 1L, Long::sum);
                continue;
            }
            update.setParameter(1, moved);
            for (int k = 0; k < keyColumns; k++) {
                update.setParameter(k + 2, id.get(k));
            }
            update.executeUpdate();
            resealed++;
        }
        return new Moved(candidates.size(), resealed, refusals,
                candidates.isEmpty() ? null : candidates.get(candidates.size() - 1).id());
    }

    /** Rows of these columns whose ciphertext names a key other than {@code vault}'s active one. */
    public long remaining(KeyVault vault, List<SealedColumn> columns) {
        byte[] active = activeHeader(vault);
        long count = 0;
        for (SealedColumn column : columns) {
            Query query = em.createNativeQuery("SELECT count(*) FROM " + column.table() + " WHERE "
                    + otherKey(column, active.length)).setParameter(1, active);
            count += Rows.first(query, row -> row.longValue(0)).orElse(0L);
        }
        return count;
    }

    /** A selected row: its key, then its ciphertext. */
    private record Candidate(KeyCursor id, byte[] sealed) {

        static Candidate from(Rows.Row row, int keyColumns) {
            Object[] id = new Object[keyColumns];
            for (int i = 0; i < keyColumns; i++) {
                id[i] = row.value(i);
            }
            return new Candidate(new KeyCursor(List.of(id)), row.bytes(keyColumns));
        }
    }

    /**
     * Parameters: the active header, the cursor's values if {@code afterCursor}, the batch size. Keyset
     * pagination in key order, composite keys compared as a row.
     */
    static String select(SealedColumn column, int headerLength, boolean afterCursor) {
        String id = String.join(", ", column.idColumns());
        return "SELECT " + id + ", " + column.column() + " FROM " + column.table() + " WHERE "
                + otherKey(column, headerLength)
                + (afterCursor ? " AND (" + id + ") > (" + parameters(column.idColumns().size()) + ")" : "")
                + " ORDER BY " + id + " LIMIT ? FOR UPDATE SKIP LOCKED";
    }

    /** Parameters: the new ciphertext, then the key's values. Only the ciphertext column changes. */
    static String update(SealedColumn column) {
        return "UPDATE " + column.table() + " SET " + column.column() + " = ? WHERE "
                + String.join(" = ? AND ", column.idColumns()) + " = ?";
    }

    private static byte[] activeHeader(KeyVault vault) {
        return Sealed.header(vault.activeKeyId());
    }

    /**
     * The ciphertext does not start with the active key's header (parameter 1: format version, key id length, key
     * id; the length byte makes a prefix comparison exact). For a value stored out of line (a sealed Kyber prekey
     * record is about 4.8 KB, three TOAST chunks) PostgreSQL then fetches only the first chunk: over 40,000 such
     * rows, half the buffer reads and 40% less time than decoding the key id from the whole value.
     */
    private static String otherKey(SealedColumn column, int headerLength) {
        return "substring(" + column.column() + " from 1 for " + headerLength + ") <> ?";
    }

    private static String parameters(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
