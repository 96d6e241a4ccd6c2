package app.famichat.keys;

import app.famichat.vault.KeyVault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * Generates a hosted user's and device's Signal keys with libsignal and stores them, private parts sealed by the
 * vault. Runs in the caller's transaction (registration, device creation), so an account never exists without
 * its keys.
 */
@ApplicationScoped
public class SignalKeys {

    /** Rows per INSERT statement: one round trip for a whole stock instead of one per key. */
    private static final int ROWS_PER_INSERT = 50;

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Inject
    KeyVault vault;

    /** The user's long-term identity key pair, created once at registration. */
    public void createIdentity(UUID userId) {
        IdentityKeyPair pair = IdentityKeyPair.generate();
        em.createNativeQuery("INSERT INTO signal_identity_keys (user_id, public_key, private_key_sealed, created_at) "
                        + "VALUES (?, ?, ?, now())")
                .setParameter(1, userId)
                .setParameter(2, pair.getPublicKey().serialize())
                .setParameter(3, vault.seal(pair.serialize(), KeyRows.identity(userId)))
                .executeUpdate();
    }

    /** The user's identity key pair, opened through the vault. */
    public IdentityKeyPair identity(UUID userId) {
        List<?> rows = em.createNativeQuery("SELECT private_key_sealed FROM signal_identity_keys WHERE user_id = ?")
                .setParameter(1, userId).getResultList();
        if (rows.isEmpty()) {
            throw new IllegalStateException("The user has no Signal identity key");
        }
        try {
            return new IdentityKeyPair(vault.open((byte[]) rows.get(0), KeyRows.identity(userId)));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("The stored identity key pair does not parse", e);
        }
    }

    /** The user's identity public key (stored in clear: no need to open the sealed key pair). */
    public IdentityKey identityKey(UUID userId) {
        List<?> rows = em.createNativeQuery("SELECT public_key FROM signal_identity_keys WHERE user_id = ?")
                .setParameter(1, userId).getResultList();
        if (rows.isEmpty()) {
            throw new IllegalStateException("The user has no Signal identity key");
        }
        try {
            return new IdentityKey((byte[]) rows.get(0));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("The stored identity public key does not parse", e);
        }
    }

    /**
     * A new device's prekeys: one signed EC prekey, the Kyber last-resort prekey (both signed by the user's
     * identity key), {@link PreKeyStock#ONE_TIME_EC} one-time EC and {@link PreKeyStock#ONE_TIME_KYBER} one-time
     * Kyber prekeys. The device row must already be written (flushed) in this transaction.
     */
    public void createDeviceKeys(UUID userId, int deviceId) {
        IdentityKeyPair identity = identity(userId);
        long now = System.currentTimeMillis();

        ECKeyPair signedPair = ECKeyPair.generate();
        byte[] signedPublic = signedPair.getPublicKey().serialize();
        byte[] signedSignature = identity.getPrivateKey().calculateSignature(signedPublic);
        SignedPreKeyRecord signed = new SignedPreKeyRecord(PreKeyStock.FIRST_SIGNED_ID, now, signedPair,
                signedSignature);
        insertSigned(userId, deviceId, signed);

        List<Object[]> kyberRows = new ArrayList<>();
        kyberRows.add(kyberRow(userId, deviceId, kyber(identity, PreKeyStock.LAST_RESORT_KYBER_ID, now), true));
        for (int i = 0; i < PreKeyStock.ONE_TIME_KYBER; i++) {
            kyberRows.add(kyberRow(userId, deviceId, kyber(identity, PreKeyStock.FIRST_ONE_TIME_KYBER_ID + i, now),
                    false));
        }
        insertRows("INSERT INTO signal_kyber_prekeys (user_id, device_id, prekey_id, last_resort, public_key, "
                + "signature, record_sealed, created_at) VALUES ", "(?, ?, ?, ?, ?, ?, ?, now())", kyberRows);

        List<Object[]> ecRows = new ArrayList<>();
        for (int i = 0; i < PreKeyStock.ONE_TIME_EC; i++) {
            ecRows.add(ecRow(userId, deviceId, new PreKeyRecord(PreKeyStock.FIRST_ONE_TIME_EC_ID + i,
                    ECKeyPair.generate())));
        }
        insertRows("INSERT INTO signal_prekeys (user_id, device_id, prekey_id, public_key, record_sealed, "
                + "created_at) VALUES ", "(?, ?, ?, ?, ?, now())", ecRows);
    }

    static KyberPreKeyRecord kyber(IdentityKeyPair identity, int id, long timestamp) {
        KEMKeyPair pair = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
        byte[] signature = identity.getPrivateKey().calculateSignature(pair.getPublicKey().serialize());
        return new KyberPreKeyRecord(id, timestamp, pair, signature);
    }

    void insertSigned(UUID userId, int deviceId, SignedPreKeyRecord record) {
        try {
            em.createNativeQuery("INSERT INTO signal_signed_prekeys (user_id, device_id, prekey_id, public_key, "
                            + "signature, record_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?, now())")
                    .setParameter(1, userId)
                    .setParameter(2, (short) deviceId)
                    .setParameter(3, record.getId())
                    .setParameter(4, record.getKeyPair().getPublicKey().serialize())
                    .setParameter(5, record.getSignature())
                    .setParameter(6, vault.seal(record.serialize(),
                            KeyRows.prekey(KeyRows.SIGNED_PREKEYS, userId, deviceId, record.getId())))
                    .executeUpdate();
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("A signed prekey record without a key pair", e);
        }
    }

    Object[] kyberRow(UUID userId, int deviceId, KyberPreKeyRecord record, boolean lastResort) {
        try {
            return new Object[] {userId, (short) deviceId, record.getId(), lastResort,
                    record.getKeyPair().getPublicKey().serialize(), record.getSignature(),
                    vault.seal(record.serialize(), KeyRows.prekey(KeyRows.KYBER_PREKEYS, userId, deviceId,
                            record.getId()))};
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("A Kyber prekey record without a key pair", e);
        }
    }

    Object[] ecRow(UUID userId, int deviceId, PreKeyRecord record) {
        try {
            return new Object[] {userId, (short) deviceId, record.getId(),
                    record.getKeyPair().getPublicKey().serialize(),
                    vault.seal(record.serialize(), KeyRows.prekey(KeyRows.PREKEYS, userId, deviceId,
                            record.getId()))};
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("A prekey record without a key pair", e);
        }
    }

    /** Multi-row INSERTs, {@link #ROWS_PER_INSERT} rows each. */
    void insertRows(String head, String tuple, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder(head);
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(tuple);
            }
            Query insert = em.createNativeQuery(sql.toString());
            int position = 1;
            for (Object[] row : chunk) {
                for (Object value : row) {
                    insert.setParameter(position++, value);
                }
            }
            insert.executeUpdate();
        }
    }
}
