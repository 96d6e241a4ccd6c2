package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One user's or device's rows of the {@code signal_*} key tables (V7, V9), in the caller's transaction. Native SQL:
 * multi-row inserts, row locks. The statements the benchmark runs too come from {@link KeyStatements}.
 */
@ApplicationScoped
class SignalKeyStore {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    void insertIdentity(UUID userId, SealedIdentity identity, Instant createdAt) {
        run(List.of(KeyStatements.insertIdentity(userId, identity, createdAt)));
    }

    /** The user's identity key pair as stored (sealed by the vault); empty if the user has none. */
    Optional<byte[]> sealedIdentity(UUID userId) {
        return Rows.first(em.createNativeQuery("SELECT private_key_sealed FROM signal_identity_keys WHERE user_id = ?")
                .setParameter(1, userId), row -> row.bytes(0));
    }

    /** The user's identity public key (stored in clear); empty if the user has none. */
    Optional<byte[]> identityPublicKey(UUID userId) {
        return Rows.first(em.createNativeQuery("SELECT public_key FROM signal_identity_keys WHERE user_id = ?")
                .setParameter(1, userId), row -> row.bytes(0));
    }

    /** A new device's keys and its id counters. The device row must already be written in this transaction. */
    void insertNewDevice(DeviceAddress device, NewPreKeys keys, Instant createdAt) {
        run(KeyStatements.insertNewDevice(device, keys, createdAt));
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
    Optional<PreKeyIds> lockIds(DeviceAddress device) {
        if (em.createNativeQuery("SELECT 1 FROM devices WHERE user_id = ? AND device_id = ? FOR KEY SHARE")
                .setParameter(1, device.userId()).setParameter(2, device.column()).getResultList().isEmpty()) {
            return Optional.empty();
        }
        return Rows.list(em.createNativeQuery("SELECT next_ec_id, next_kyber_id, next_signed_id FROM "
                        + "signal_prekey_ids WHERE user_id = ? AND device_id = ? FOR UPDATE")
                        .setParameter(1, device.userId()).setParameter(2, device.column()),
                row -> new PreKeyIds(row.intValue(0), row.intValue(1), row.intValue(2))).stream().findFirst();
    }

    /** Stores the counters after new keys; the row must be locked by {@link #lockIds} in this transaction. */
    void saveIds(DeviceAddress device, PreKeyIds ids) {
        em.createNativeQuery("UPDATE signal_prekey_ids SET next_ec_id = ?, next_kyber_id = ?, next_signed_id = ? "
                        + "WHERE user_id = ? AND device_id = ?")
                .setParameter(1, ids.nextEc()).setParameter(2, ids.nextKyber()).setParameter(3, ids.nextSigned())
                .setParameter(4, device.userId()).setParameter(5, device.column())
                .executeUpdate();
    }

    /** Writes new prekeys ({@link KeyStatements#insertPreKeys}). */
    void insert(DeviceAddress device, List<SealedPreKey> keys, Instant createdAt) {
        run(KeyStatements.insertPreKeys(device, keys, createdAt));
    }

    /** Unclaimed one-time prekeys of the device. */
    PreKeyStock stock(DeviceAddress device) {
        return Rows.list(em.createNativeQuery("SELECT (SELECT count(*) FROM signal_prekeys WHERE user_id = ? AND "
                                + "device_id = ? AND claimed_at IS NULL), (SELECT count(*) FROM signal_kyber_prekeys "
                                + "WHERE user_id = ? AND device_id = ? AND NOT last_resort AND claimed_at IS NULL)")
                        .setParameter(1, device.userId()).setParameter(2, device.column())
                        .setParameter(3, device.userId()).setParameter(4, device.column()),
                row -> new PreKeyStock(row.intValue(0), row.intValue(1))).get(0);
    }

    /** Ids and creation times of the device's signed prekeys or last-resort Kyber prekeys. */
    List<KeyAge> ages(DeviceAddress device, PreKeyKind kind) {
        String sql = switch (kind) {
            case SIGNED -> "SELECT prekey_id, created_at FROM signal_signed_prekeys WHERE user_id = ? AND "
                    + "device_id = ?";
            case LAST_RESORT_KYBER -> "SELECT prekey_id, created_at FROM signal_kyber_prekeys WHERE user_id = ? AND "
                    + "device_id = ? AND last_resort";
            default -> throw new IllegalArgumentException("Only signed and last-resort prekeys are rotated");
        };
        return Rows.list(em.createNativeQuery(sql).setParameter(1, device.userId()).setParameter(2, device.column()),
                row -> new KeyAge(row.intValue(0), row.instant(1)));
    }

    /** Deletes replaced signed or last-resort prekeys and their use records ({@link KeyStatements#retire}). */
    void retire(DeviceAddress device, PreKeyKind kind, List<Integer> ids) {
        run(KeyStatements.retire(device, kind, ids));
    }

    private void run(List<KeyStatements.Statement> statements) {
        statements.forEach(statement -> statement.on(em).executeUpdate());
    }
}
