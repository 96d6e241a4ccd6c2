package app.famichat.keys;

import app.famichat.platform.persistence.DatabaseClock;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads and writes one user's or device's rows of the {@code signal_*} key tables (V7, V9) through {@link KeySql},
 * in the caller's transaction.
 */
public final class KeyTables {

    /** Rows per INSERT statement: one round trip for a whole stock instead of one per key. */
    private static final int ROWS_PER_INSERT = 50;

    private final KeySql sql;

    public KeyTables(KeySql sql) {
        this.sql = sql;
    }

    public void insertIdentity(UUID userId, SealedIdentity identity, Instant createdAt) {
        sql.update("INSERT INTO signal_identity_keys (user_id, public_key, private_key_sealed, created_at) "
                        + "VALUES (?, ?, ?, ?)", userId, identity.pair().getPublicKey().serialize(),
                identity.sealedPair(), DatabaseClock.utc(createdAt));
    }

    /** A new device's keys and its id counters. The device row must already be written in this transaction. */
    public void insertNewDevice(HostedDevice device, NewPreKeys keys, Instant createdAt) {
        sql.update("INSERT INTO signal_prekey_ids (user_id, device_id, next_ec_id, next_kyber_id, next_signed_id) "
                + "VALUES (?, ?, ?, ?, ?)", device.userId(), device.column(), keys.next().nextEc(),
                keys.next().nextKyber(), keys.next().nextSigned());
        insert(device, keys.keys(), createdAt);
    }

    /**
     * The device's id counters, its row locked until the transaction ends: every writer of new prekeys for the
     * device takes this lock first, so two of them (threads or nodes) never count, number or top up at once.
     * Empty when the device is gone (or has no Signal keys).
     *
     * <p>The devices row is key-share locked before, as the foreign-key checks of the inserts to come would lock
     * it anyway: a removal of the device (which locks that row, then cascades to this one) then waits for this
     * transaction instead of deadlocking with it.
     */
    public Optional<PreKeyIds> lockIds(HostedDevice device) {
        if (sql.rows("SELECT 1 FROM devices WHERE user_id = ? AND device_id = ? FOR KEY SHARE", device.userId(),
                device.column()).isEmpty()) {
            return Optional.empty();
        }
        return sql.rows("SELECT next_ec_id, next_kyber_id, next_signed_id FROM signal_prekey_ids WHERE user_id = ? "
                        + "AND device_id = ? FOR UPDATE", device.userId(), device.column()).stream()
                .findFirst()
                .map(row -> new PreKeyIds(number(row[0]), number(row[1]), number(row[2])));
    }

    /** Stores the counters after new keys; the row must be locked by {@link #lockIds} in this transaction. */
    public void saveIds(HostedDevice device, PreKeyIds ids) {
        sql.update("UPDATE signal_prekey_ids SET next_ec_id = ?, next_kyber_id = ?, next_signed_id = ? "
                + "WHERE user_id = ? AND device_id = ?", ids.nextEc(), ids.nextKyber(), ids.nextSigned(),
                device.userId(), device.column());
    }

    /**
     * Writes new prekeys with multi-row INSERTs. An id that is still taken can only be one reissued after the ids
     * wrapped (see {@link PreKeyIds}): the new key replaces the old one.
     */
    public void insert(HostedDevice device, List<SealedPreKey> keys, Instant createdAt) {
        Map<String, List<SealedPreKey>> byTable = new LinkedHashMap<>();
        for (SealedPreKey key : keys) {
            byTable.computeIfAbsent(key.kind().table(), table -> new ArrayList<>()).add(key);
        }
        Object created = DatabaseClock.utc(createdAt);
        byTable.forEach((table, rows) -> {
            for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
                List<SealedPreKey> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
                List<Object> parameters = new ArrayList<>();
                for (SealedPreKey key : chunk) {
                    parameters.addAll(columns(device, key, created));
                }
                sql.update(insertSql(table, chunk.size()), parameters.toArray());
            }
        });
    }

    /** Unclaimed one-time prekeys of the device. */
    public PreKeyStock stock(HostedDevice device) {
        Object[] row = sql.rows("SELECT (SELECT count(*) FROM signal_prekeys WHERE user_id = ? AND device_id = ? "
                        + "AND claimed_at IS NULL), (SELECT count(*) FROM signal_kyber_prekeys WHERE user_id = ? AND "
                        + "device_id = ? AND NOT last_resort AND claimed_at IS NULL)",
                device.userId(), device.column(), device.userId(), device.column()).get(0);
        return new PreKeyStock(number(row[0]), number(row[1]));
    }

    /** Ids and creation times of the device's signed prekeys or last-resort Kyber prekeys. */
    public List<KeyAge> ages(HostedDevice device, PreKeyKind kind) {
        String sqlText = switch (kind) {
            case SIGNED -> "SELECT prekey_id, created_at FROM signal_signed_prekeys WHERE user_id = ? AND "
                    + "device_id = ?";
            case LAST_RESORT_KYBER -> "SELECT prekey_id, created_at FROM signal_kyber_prekeys WHERE user_id = ? AND "
                    + "device_id = ? AND last_resort";
            default -> throw new IllegalArgumentException("Only signed and last-resort prekeys are rotated");
        };
        return sql.rows(sqlText, device.userId(), device.column()).stream()
                .map(row -> new KeyAge(number(row[0]), instant(row[1]))).toList();
    }

    /**
     * Deletes replaced signed or last-resort prekeys, and the records of last-resort uses that name them: a
     * message naming a deleted key fails before its use is checked, so those records can never match again.
     */
    public void retire(HostedDevice device, PreKeyKind kind, List<Integer> ids) {
        String delete = switch (kind) {
            case SIGNED -> "DELETE FROM signal_signed_prekeys WHERE user_id = ? AND device_id = ? AND prekey_id = ?";
            case LAST_RESORT_KYBER -> "DELETE FROM signal_kyber_prekeys WHERE user_id = ? AND device_id = ? AND "
                    + "prekey_id = ? AND last_resort";
            default -> throw new IllegalArgumentException("Only signed and last-resort prekeys are retired");
        };
        String uses = "DELETE FROM signal_kyber_prekey_uses WHERE user_id = ? AND device_id = ? AND "
                + (kind == PreKeyKind.SIGNED ? "signed_prekey_id" : "kyber_prekey_id") + " = ?";
        for (int id : ids) {
            sql.update(delete, device.userId(), device.column(), id);
            sql.update(uses, device.userId(), device.column(), id);
        }
    }

    private static String insertSql(String table, int rows) {
        String head;
        String tuple;
        String replace;
        switch (table) {
            case "signal_signed_prekeys" -> {
                head = "INSERT INTO signal_signed_prekeys (user_id, device_id, prekey_id, public_key, signature, "
                        + "record_sealed, created_at) VALUES ";
                tuple = "(?, ?, ?, ?, ?, ?, ?)";
                replace = "public_key = EXCLUDED.public_key, signature = EXCLUDED.signature, ";
            }
            case "signal_kyber_prekeys" -> {
                head = "INSERT INTO signal_kyber_prekeys (user_id, device_id, prekey_id, last_resort, public_key, "
                        + "signature, record_sealed, created_at) VALUES ";
                tuple = "(?, ?, ?, ?, ?, ?, ?, ?)";
                replace = "last_resort = EXCLUDED.last_resort, public_key = EXCLUDED.public_key, "
                        + "signature = EXCLUDED.signature, claimed_at = NULL, ";
            }
            case "signal_prekeys" -> {
                head = "INSERT INTO signal_prekeys (user_id, device_id, prekey_id, public_key, record_sealed, "
                        + "created_at) VALUES ";
                tuple = "(?, ?, ?, ?, ?, ?)";
                replace = "public_key = EXCLUDED.public_key, claimed_at = NULL, ";
            }
            default -> throw new IllegalArgumentException("Not a prekey table: " + table);
        }
        StringBuilder sqlText = new StringBuilder(head);
        for (int i = 0; i < rows; i++) {
            sqlText.append(i == 0 ? "" : ", ").append(tuple);
        }
        return sqlText.append(" ON CONFLICT (user_id, device_id, prekey_id) DO UPDATE SET ").append(replace)
                .append("record_sealed = EXCLUDED.record_sealed, created_at = EXCLUDED.created_at").toString();
    }

    private static List<Object> columns(HostedDevice device, SealedPreKey key, Object created) {
        return switch (key.kind()) {
            case SIGNED -> List.of(device.userId(), device.column(), key.id(), key.publicKey(), key.signature(),
                    key.sealedRecord(), created);
            case LAST_RESORT_KYBER, ONE_TIME_KYBER -> List.of(device.userId(), device.column(), key.id(),
                    key.kind() == PreKeyKind.LAST_RESORT_KYBER, key.publicKey(), key.signature(), key.sealedRecord(),
                    created);
            case ONE_TIME_EC -> List.of(device.userId(), device.column(), key.id(), key.publicKey(),
                    key.sealedRecord(), created);
        };
    }

    static int number(Object value) {
        return ((Number) value).intValue();
    }

    /** A TIMESTAMPTZ as JPA (EclipseLink) or the JDBC driver returns it. */
    static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        throw new IllegalStateException("Not a timestamp: " + (value == null ? "null" : value.getClass().getName()));
    }
}
