package app.famichat.custody;

import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.platform.persistence.Rows;
import app.famichat.vault.SealContext;
import app.famichat.vault.SealedColumn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The custody column and the tables of V15 (plain SQL, in the caller's transaction). */
@ApplicationScoped
public class KeyringStore {

    /**
     * Where each locked user's password-wrapped K lives; registered with the re-seal job. The unlock rows and send
     * keys are not: they live no longer than a token or a send key, so a master key is retired after them.
     */
    public static final SealedColumn KEYRINGS = SealedColumn.of("user_keyrings", "wrapped_key", "user_id");

    /** Where each locked user's code-wrapped K lives (V16); registered with the re-seal job as well. */
    public static final SealedColumn RECOVERY_CODES = SealedColumn.of("user_recovery_codes", "wrapped_key",
            "user_id");

    /** A keyring as stored: the password key's salt and parameters, K wrapped under it and sealed by the vault. */
    record StoredKeyring(byte[] salt, PasswordKeys.Parameters parameters, byte[] sealedWrappedKey) {
    }

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    /** The user's custody, their row locked for update until the transaction ends (a switch); empty if no user. */
    Optional<KeyCustody> lockCustody(UUID userId) {
        return Rows.first(em.createNativeQuery("SELECT custody FROM users WHERE id = ? FOR UPDATE")
                .setParameter(1, userId), row -> KeyCustody.of(row.string(0)).orElseThrow());
    }

    void setCustody(UUID userId, KeyCustody custody) {
        em.createNativeQuery("UPDATE users SET custody = ? WHERE id = ?")
                .setParameter(1, custody.value()).setParameter(2, userId).executeUpdate();
    }

    Optional<StoredKeyring> keyring(UUID userId) {
        return Rows.first(em.createNativeQuery("SELECT salt, memory_kib, iterations, parallelism, wrapped_key "
                        + "FROM user_keyrings WHERE user_id = ?").setParameter(1, userId),
                row -> new StoredKeyring(row.bytes(0), new PasswordKeys.Parameters(row.intValue(1), row.intValue(2),
                        row.intValue(3)), row.bytes(4)));
    }

    /** Writes the user's keyring, replacing the one there was (a password change re-wraps). */
    void saveKeyring(UUID userId, StoredKeyring keyring) {
        em.createNativeQuery("INSERT INTO user_keyrings (user_id, salt, memory_kib, iterations, parallelism, "
                        + "wrapped_key, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
                        + "salt = EXCLUDED.salt, memory_kib = EXCLUDED.memory_kib, iterations = EXCLUDED.iterations, "
                        + "parallelism = EXCLUDED.parallelism, wrapped_key = EXCLUDED.wrapped_key, "
                        + "updated_at = EXCLUDED.updated_at")
                .setParameter(1, userId).setParameter(2, keyring.salt())
                .setParameter(3, keyring.parameters().memoryKib()).setParameter(4, keyring.parameters().iterations())
                .setParameter(5, keyring.parameters().parallelism()).setParameter(6, keyring.sealedWrappedKey())
                .setParameter(7, DatabaseClock.utc(DatabaseClock.now()))
                .executeUpdate();
    }

    /** Deletes the user's keyring, every unlock of it and its recovery code (a return to hosted custody). */
    void deleteKeyring(UUID userId) {
        deleteRecoveryCode(userId);
        em.createNativeQuery("DELETE FROM keyring_unlocks WHERE user_id = ?").setParameter(1, userId).executeUpdate();
        em.createNativeQuery("DELETE FROM user_keyrings WHERE user_id = ?").setParameter(1, userId).executeUpdate();
    }

    // ---- recovery code: K wrapped under a key derived from the code

    /** A recovery code as stored: the salt of its wrapping key and K wrapped under it, sealed by the vault. */
    record StoredRecoveryCode(byte[] salt, byte[] sealedWrappedKey, Instant createdAt) {
    }

    /** Writes the user's recovery code, replacing the one there was. */
    void saveRecoveryCode(UUID userId, byte[] salt, byte[] sealedWrappedKey) {
        em.createNativeQuery("INSERT INTO user_recovery_codes (user_id, salt, wrapped_key, created_at) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET salt = EXCLUDED.salt, "
                        + "wrapped_key = EXCLUDED.wrapped_key, created_at = EXCLUDED.created_at")
                .setParameter(1, userId).setParameter(2, salt).setParameter(3, sealedWrappedKey)
                .setParameter(4, DatabaseClock.utc(DatabaseClock.now()))
                .executeUpdate();
    }

    /** The user's recovery code, its row locked for update (a use deletes it; concurrent uses wait). */
    Optional<StoredRecoveryCode> lockRecoveryCode(UUID userId) {
        return Rows.first(em.createNativeQuery("SELECT salt, wrapped_key, created_at FROM user_recovery_codes "
                        + "WHERE user_id = ? FOR UPDATE").setParameter(1, userId),
                row -> new StoredRecoveryCode(row.bytes(0), row.bytes(1), row.instant(2)));
    }

    Optional<Instant> recoveryCodeCreatedAt(UUID userId) {
        return Rows.first(em.createNativeQuery("SELECT created_at FROM user_recovery_codes WHERE user_id = ?")
                .setParameter(1, userId), row -> row.instant(0));
    }

    /** Whether there was one to delete. */
    boolean deleteRecoveryCode(UUID userId) {
        return em.createNativeQuery("DELETE FROM user_recovery_codes WHERE user_id = ?").setParameter(1, userId)
                .executeUpdate() > 0;
    }

    // ---- unlocks: K for one live token

    /** The seal context of a token's unlock row: the token hash (hex) is the row's id. */
    static SealContext unlockPlace(byte[] tokenHash) {
        return new SealContext("keyring_unlocks", "wrapped_key", HexFormat.of().formatHex(tokenHash));
    }

    void insertUnlock(byte[] tokenHash, UUID userId, byte[] sealedWrappedKey, Instant expiresAt) {
        em.createNativeQuery("INSERT INTO keyring_unlocks (token_hash, user_id, wrapped_key, expires_at) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (token_hash) DO UPDATE SET wrapped_key = EXCLUDED.wrapped_key")
                .setParameter(1, tokenHash).setParameter(2, userId).setParameter(3, sealedWrappedKey)
                .setParameter(4, DatabaseClock.utc(expiresAt))
                .executeUpdate();
    }

    /** The token's sealed, wrapped K, if its unlock row exists and has not expired: one query, for locked users. */
    Optional<byte[]> unlock(byte[] tokenHash, UUID userId, Instant now) {
        return Rows.first(em.createNativeQuery("SELECT wrapped_key FROM keyring_unlocks "
                        + "WHERE token_hash = ? AND user_id = ? AND expires_at > ?")
                .setParameter(1, tokenHash).setParameter(2, userId).setParameter(3, DatabaseClock.utc(now)),
                row -> row.bytes(0));
    }

    int deleteExpiredUnlocks(Instant now) {
        return em.createNativeQuery("DELETE FROM keyring_unlocks WHERE expires_at <= ?")
                .setParameter(1, DatabaseClock.utc(now)).executeUpdate();
    }

    // ---- send keys: one per fan-out message of a locked sender

    static SealContext sendKeyPlace(UUID id) {
        return new SealContext("send_keys", "key", id.toString());
    }

    void insertSendKeys(List<UUID> ids, List<byte[]> sealedKeys, Instant expiresAt) {
        for (int i = 0; i < ids.size(); i++) {
            em.createNativeQuery("INSERT INTO send_keys (id, key, expires_at) VALUES (?, ?, ?)")
                    .setParameter(1, ids.get(i)).setParameter(2, sealedKeys.get(i))
                    .setParameter(3, DatabaseClock.utc(expiresAt)).executeUpdate();
        }
    }

    /**
     * The sealed send key, deleted in this transaction (it is used once); empty if it is gone, or expired by
     * {@code now} (deleted all the same: the custody sweep would, and the message never opens again).
     */
    Optional<byte[]> takeSendKey(UUID id, Instant now) {
        return Rows.first(em.createNativeQuery("DELETE FROM send_keys WHERE id = ? RETURNING key, expires_at")
                .setParameter(1, id), row -> row.instant(1).isAfter(now) ? Optional.of(row.bytes(0))
                        : Optional.<byte[]>empty()).flatMap(key -> key);
    }

    /** The sealed send key, left in place (read before the encrypting transaction, which takes it). */
    Optional<byte[]> sendKey(UUID id) {
        return Rows.first(em.createNativeQuery("SELECT key FROM send_keys WHERE id = ?").setParameter(1, id),
                row -> row.bytes(0));
    }

    int deleteExpiredSendKeys(Instant now) {
        return em.createNativeQuery("DELETE FROM send_keys WHERE expires_at <= ?")
                .setParameter(1, DatabaseClock.utc(now)).executeUpdate();
    }
}
