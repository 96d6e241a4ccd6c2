package app.famichat.vault;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Per-user storage keys: a random AES-256 data key per user (table {@code user_storage_keys}), sealed by the
 * vault (and, for a locked user, their keyring: {@link UserSecrets}), under which the user's stored history and {@code self} conversations are sealed. Deleting the
 * row ({@link #erase}) makes everything sealed under it unreadable: crypto-erasure, for account deletion.
 *
 * <p>Runs in the caller's transaction (registration creates the key in its own), or in one of its own. What it
 * opens is kept per transaction (in the synchronization registry), never in the bean, which the container pools.
 */
@Stateless
public class StorageKeys {

    /** Where the sealed data keys live; also registered with the re-seal job ({@code reseal.SealedColumns}). */
    public static final SealedColumn KEYS = SealedColumn.of("user_storage_keys", "key", "user_id");

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Inject
    UserSecrets secrets;

    @Resource
    TransactionSynchronizationRegistry transactions;

    static SealContext keyPlace(UUID userId) {
        return KEYS.place(userId);
    }

    /** Creates the user's storage key if there is none yet; true if this call created it. */
    public boolean create(UUID userId) {
        byte[] dataKey = StorageCipher.newDataKey();
        try {
            return em.createNativeQuery("INSERT INTO user_storage_keys (user_id, key) VALUES (?, ?) "
                            + "ON CONFLICT (user_id) DO NOTHING")
                    .setParameter(1, userId)
                    .setParameter(2, secrets.seal(userId, dataKey, keyPlace(userId)))
                    .executeUpdate() == 1;
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    public boolean exists(UUID userId) {
        return !em.createNativeQuery("SELECT 1 FROM user_storage_keys WHERE user_id = ?")
                .setParameter(1, userId).getResultList().isEmpty();
    }

    /**
     * Seals data of the user's for the given place (the table, column and row that will hold it), creating the
     * user's storage key if the account predates storage keys.
     */
    public byte[] seal(UUID userId, SealContext where, byte[] plaintext) {
        return StorageCipher.seal(dataKey(userId, true), userId, where, plaintext);
    }

    /** @throws StorageKeyErasedException when the user's storage key is gone: the data is unreadable for good */
    public byte[] open(UUID userId, SealContext where, byte[] stored) {
        return StorageCipher.open(dataKey(userId, false), userId, where, stored);
    }

    /** Deletes the user's storage key: everything sealed under it becomes unreadable. True if there was one. */
    public boolean erase(UUID userId) {
        opened().forget(userId);
        return em.createNativeQuery("DELETE FROM user_storage_keys WHERE user_id = ?")
                .setParameter(1, userId).executeUpdate() == 1;
    }

    /** The user's data key, read and opened once per transaction ({@link OpenedKeys}). */
    private byte[] dataKey(UUID userId, boolean createIfMissing) {
        OpenedKeys opened = opened();
        byte[] dataKey = opened.get(userId);
        if (dataKey != null) {
            return dataKey;
        }
        byte[] sealedKey = sealedKey(userId);
        if (sealedKey == null && createIfMissing) {
            create(userId);
            sealedKey = sealedKey(userId);
        }
        if (sealedKey == null) {
            throw new StorageKeyErasedException();
        }
        dataKey = secrets.open(userId, sealedKey, keyPlace(userId));
        opened.put(userId, dataKey);
        return dataKey;
    }

    private OpenedKeys opened() {
        OpenedKeys opened = (OpenedKeys) transactions.getResource(OpenedKeys.class);
        if (opened == null) {
            opened = new OpenedKeys();
            transactions.putResource(OpenedKeys.class, opened);
            transactions.registerInterposedSynchronization(opened);
        }
        return opened;
    }

    /**
     * The storage keys opened in one transaction: a page of history or a batch of taken envelopes costs one read
     * and one vault open per user, not one per row. Wiped when the transaction ends.
     */
    private static final class OpenedKeys implements Synchronization {

        private final Map<UUID, byte[]> keys = new HashMap<>();

        byte[] get(UUID userId) {
            return keys.get(userId);
        }

        void put(UUID userId, byte[] dataKey) {
            keys.put(userId, dataKey);
        }

        void forget(UUID userId) {
            byte[] dataKey = keys.remove(userId);
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
        }

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            keys.values().forEach(dataKey -> Arrays.fill(dataKey, (byte) 0));
            keys.clear();
        }
    }

    /** The user's storage key as stored (sealed by the vault), or null if they have none. */
    private byte[] sealedKey(UUID userId) {
        @SuppressWarnings("unchecked")
        List<byte[]> rows = em.createNativeQuery("SELECT key FROM user_storage_keys WHERE user_id = ?")
                .setParameter(1, userId).getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }
}
