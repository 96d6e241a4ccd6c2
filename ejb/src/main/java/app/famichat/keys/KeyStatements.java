package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.persistence.DatabaseClock;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The statements of the key tables that the bundle claim benchmark (bench/) runs too: a new user's and device's
 * keys, and a claim. Built here once, run by the stores on the container's EntityManager ({@link Statement#on})
 * and by the benchmark over its own JDBC connection, so that the benchmark times what the server runs. SQL that
 * no benchmark runs stays in its store.
 */
public final class KeyStatements {

    /** Rows per INSERT statement: one round trip for a whole stock instead of one per key. */
    private static final int ROWS_PER_INSERT = 50;

    private KeyStatements() {
    }

    /** SQL with positional parameters ({@code ?}) and their values, device ids as SMALLINT. */
    public record Statement(String sql, List<Object> parameters) {

        public Statement {
            parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        }

        static Statement of(String sql, Object... parameters) {
            return new Statement(sql, Arrays.asList(parameters));
        }

        /** This statement as a native query of {@code em}, in the caller's transaction. */
        Query on(EntityManager em) {
            Query query = em.createNativeQuery(sql);
            for (int i = 0; i < parameters.size(); i++) {
                query.setParameter(i + 1, parameters.get(i));
            }
            return query;
        }
    }

    // ---- a new user's and a new device's keys

    public static Statement insertIdentity(UUID userId, SealedIdentity identity, Instant createdAt) {
        return Statement.of("INSERT INTO signal_identity_keys (user_id, public_key, private_key_sealed, created_at) "
                        + "VALUES (?, ?, ?, ?)", userId, identity.pair().getPublicKey().serialize(),
                identity.sealedPair(), DatabaseClock.utc(createdAt));
    }

    /** A new device's keys and its id counters. The device row must already be written in this transaction. */
    public static List<Statement> insertNewDevice(DeviceAddress device, NewPreKeys keys, Instant createdAt) {
        List<Statement> statements = new ArrayList<>();
        statements.add(Statement.of("INSERT INTO signal_prekey_ids (user_id, device_id, next_ec_id, next_kyber_id, "
                + "next_signed_id) VALUES (?, ?, ?, ?, ?)", device.userId(), device.column(), keys.next().nextEc(),
                keys.next().nextKyber(), keys.next().nextSigned()));
        statements.addAll(insertPreKeys(device, keys.keys(), createdAt));
        return statements;
    }

    /**
     * New prekeys in multi-row INSERTs. An id that is still taken can only be one reissued after the ids wrapped
     * (see {@link PreKeyIds}): the new key replaces the old one.
     */
    static List<Statement> insertPreKeys(DeviceAddress device, List<SealedPreKey> keys, Instant createdAt) {
        Map<PreKeyTable, List<SealedPreKey>> byTable = new LinkedHashMap<>();
        for (SealedPreKey key : keys) {
            byTable.computeIfAbsent(PreKeyTable.of(key.kind()), table -> new ArrayList<>()).add(key);
        }
        Object created = DatabaseClock.utc(createdAt);
        List<Statement> statements = new ArrayList<>();
        byTable.forEach((table, rows) -> {
            for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
                List<SealedPreKey> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
                List<Object> parameters = new ArrayList<>();
                for (SealedPreKey key : chunk) {
                    parameters.addAll(columns(device, key, created));
                }
                statements.add(new Statement(table.insert(chunk.size()), parameters));
            }
        });
        return statements;
    }

    /**
     * Deletes replaced signed or last-resort prekeys, and the records of last-resort uses that name them: a
     * message naming a deleted key fails before its use is checked, so those records can never match again.
     */
    static List<Statement> retire(DeviceAddress device, PreKeyKind kind, List<Integer> ids) {
        String delete = switch (kind) {
            case SIGNED -> "DELETE FROM signal_signed_prekeys WHERE user_id = ? AND device_id = ? AND prekey_id = ?";
            case LAST_RESORT_KYBER -> "DELETE FROM signal_kyber_prekeys WHERE user_id = ? AND device_id = ? AND "
                    + "prekey_id = ? AND last_resort";
            default -> throw new IllegalArgumentException("Only signed and last-resort prekeys are retired");
        };
        String uses = "DELETE FROM signal_kyber_prekey_uses WHERE user_id = ? AND device_id = ? AND "
                + (kind == PreKeyKind.SIGNED ? "signed_prekey_id" : "kyber_prekey_id") + " = ?";
        List<Statement> statements = new ArrayList<>();
        for (int id : ids) {
            statements.add(Statement.of(delete, device.userId(), device.column(), id));
            statements.add(Statement.of(uses, device.userId(), device.column(), id));
        }
        return statements;
    }

    // ---- a bundle claim, in this order (see BundleStore)

    /** Columns: registration id, identity public key. */
    public static Statement bundleDevice(DeviceAddress device) {
        return Statement.of("SELECT d.registration_id, i.public_key FROM devices d JOIN signal_identity_keys i "
                + "ON i.user_id = d.user_id WHERE d.user_id = ? AND d.device_id = ?", device.userId(), device.column());
    }

    /** Columns: prekey id, public key, signature. */
    public static Statement newestSigned(DeviceAddress device) {
        return Statement.of("SELECT prekey_id, public_key, signature FROM signal_signed_prekeys WHERE user_id = ? "
                + "AND device_id = ? ORDER BY created_at DESC, prekey_id DESC LIMIT 1", device.userId(),
                device.column());
    }

    /** Marks the lowest unclaimed one-time EC prekey claimed. Columns: prekey id, public key; no row if none. */
    public static Statement claimOneTimeEc(DeviceAddress device) {
        return Statement.of("UPDATE signal_prekeys SET claimed_at = now() WHERE user_id = ? AND device_id = ? AND "
                + "prekey_id = (SELECT prekey_id FROM signal_prekeys WHERE user_id = ? AND device_id = ? AND "
                + "claimed_at IS NULL ORDER BY prekey_id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING prekey_id, "
                + "public_key", device.userId(), device.column(), device.userId(), device.column());
    }

    /** Marks the lowest unclaimed one-time Kyber prekey claimed. Columns: id, public key, signature; or no row. */
    public static Statement claimOneTimeKyber(DeviceAddress device) {
        return Statement.of("UPDATE signal_kyber_prekeys SET claimed_at = now() WHERE user_id = ? AND device_id = ? "
                + "AND prekey_id = (SELECT prekey_id FROM signal_kyber_prekeys WHERE user_id = ? AND device_id = ? "
                + "AND NOT last_resort AND claimed_at IS NULL ORDER BY prekey_id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                + "RETURNING prekey_id, public_key, signature", device.userId(), device.column(), device.userId(),
                device.column());
    }

    /** When no one-time Kyber prekey is left. Columns: prekey id, public key, signature. */
    public static Statement newestLastResort(DeviceAddress device) {
        return Statement.of("SELECT prekey_id, public_key, signature FROM signal_kyber_prekeys WHERE user_id = ? "
                + "AND device_id = ? AND last_resort ORDER BY created_at DESC, prekey_id DESC LIMIT 1",
                device.userId(), device.column());
    }

    /**
     * The unclaimed one-time prekeys of each kind, each counted up to {@code upTo} so the count stays cheap however
     * large the stock. Columns: EC, Kyber.
     */
    public static Statement unclaimedUpTo(DeviceAddress device, int upTo) {
        return Statement.of("SELECT (SELECT count(*) FROM (SELECT 1 FROM signal_prekeys WHERE user_id = ? AND "
                + "device_id = ? AND claimed_at IS NULL LIMIT ?) e), (SELECT count(*) FROM (SELECT 1 FROM "
                + "signal_kyber_prekeys WHERE user_id = ? AND device_id = ? AND NOT last_resort AND claimed_at IS NULL "
                + "LIMIT ?) k)", device.userId(), device.column(), upTo, device.userId(), device.column(), upTo);
    }

    /** The three prekey tables and how a key's row is written to each. */
    private enum PreKeyTable {
        SIGNED("INSERT INTO signal_signed_prekeys (user_id, device_id, prekey_id, public_key, signature, "
                + "record_sealed, created_at) VALUES ", "(?, ?, ?, ?, ?, ?, ?)",
                "public_key = EXCLUDED.public_key, signature = EXCLUDED.signature, "),
        KYBER("INSERT INTO signal_kyber_prekeys (user_id, device_id, prekey_id, last_resort, public_key, "
                + "signature, record_sealed, created_at) VALUES ", "(?, ?, ?, ?, ?, ?, ?, ?)",
                "last_resort = EXCLUDED.last_resort, public_key = EXCLUDED.public_key, "
                        + "signature = EXCLUDED.signature, claimed_at = NULL, "),
        ONE_TIME_EC("INSERT INTO signal_prekeys (user_id, device_id, prekey_id, public_key, record_sealed, "
                + "created_at) VALUES ", "(?, ?, ?, ?, ?, ?)", "public_key = EXCLUDED.public_key, claimed_at = NULL, ");

        private final String head;
        private final String tuple;
        private final String replace;

        PreKeyTable(String head, String tuple, String replace) {
            this.head = head;
            this.tuple = tuple;
            this.replace = replace;
        }

        static PreKeyTable of(PreKeyKind kind) {
            return switch (kind) {
                case SIGNED -> SIGNED;
                case LAST_RESORT_KYBER, ONE_TIME_KYBER -> KYBER;
                case ONE_TIME_EC -> ONE_TIME_EC;
            };
        }

        String insert(int rows) {
            StringBuilder sql = new StringBuilder(head);
            for (int i = 0; i < rows; i++) {
                sql.append(i == 0 ? "" : ", ").append(tuple);
            }
            return sql.append(" ON CONFLICT (user_id, device_id, prekey_id) DO UPDATE SET ").append(replace)
                    .append("record_sealed = EXCLUDED.record_sealed, created_at = EXCLUDED.created_at").toString();
        }
    }

    private static List<Object> columns(DeviceAddress device, SealedPreKey key, Object created) {
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
}
