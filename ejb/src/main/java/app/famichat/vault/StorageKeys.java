package app.famichat.vault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Per-user storage keys: a random AES-256 data key per user (table {@code user_storage_keys}), sealed by the
 * {@link KeyVault}, under which the user's stored history and {@code self} conversations are sealed. Deleting the
 * row ({@link #erase}) makes everything sealed under it unreadable: crypto-erasure, for account deletion.
 *
 * <p>Runs in the caller's transaction (registration creates the key in its own), or in one of its own.
 */
@ApplicationScoped
@Transactional
public class StorageKeys {

    /** Where the sealed data keys live; also registered with the re-seal job ({@link SealedColumns}). */
    static final SealedColumn KEYS = SealedColumn.of("user_storage_keys", "key", "user_id");

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Inject
    KeyVault vault;

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
                    .setParameter(2, vault.seal(dataKey, keyPlace(userId)))
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
        // One read when the key exists (every time but the first): the sealed key itself, not a check before it.
        byte[] sealedKey = sealedKey(userId);
        if (sealedKey == null) {
            create(userId);
        }
        byte[] dataKey = sealedKey != null ? vault.open(sealedKey, keyPlace(userId)) : dataKey(userId);
        try {
            return StorageCipher.seal(dataKey, userId, where, plaintext);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** @throws StorageKeyErasedException when the user's storage key is gone: the data is unreadable for good */
    public byte[] open(UUID userId, SealContext where, byte[] stored) {
        byte[] dataKey = dataKey(userId);
        try {
            return StorageCipher.open(dataKey, userId, where, stored);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Deletes the user's storage key: everything sealed under it becomes unreadable. True if there was one. */
    public boolean erase(UUID userId) {
        return em.createNativeQuery("DELETE FROM user_storage_keys WHERE user_id = ?")
                .setParameter(1, userId).executeUpdate() == 1;
    }

    private byte[] dataKey(UUID userId) {
        byte[] sealedKey = sealedKey(userId);
        if (sealedKey == null) {
            throw new StorageKeyErasedException();
        }
        return vault.open(sealedKey, keyPlace(userId));
    }

    /** The user's storage key as stored (sealed by the vault), or null if they have none. */
    private byte[] sealedKey(UUID userId) {
        @SuppressWarnings("unchecked")
        List<byte[]> rows = em.createNativeQuery("SELECT key FROM user_storage_keys WHERE user_id = ?")
                .setParameter(1, userId).getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }
}
