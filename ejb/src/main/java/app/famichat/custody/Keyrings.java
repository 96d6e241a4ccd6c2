package app.famichat.custody;

import app.famichat.keys.KeyRows;
import app.famichat.keys.KeySweep;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.vault.KeyVault;
import app.famichat.vault.Keyring;
import app.famichat.vault.KeyringLockedException;
import app.famichat.vault.SealContext;
import app.famichat.vault.SealedColumn;
import app.famichat.vault.StorageKeys;
import app.famichat.vault.UnlockedKeyrings;
import app.famichat.vault.UserSecrets;
import app.famichat.vault.VaultException;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A locked user's keyring (docs/security.md, "Locked custody"): K, a random 256-bit key under which every secret of
 * theirs is encrypted ({@link UserSecrets}); stored wrapped under their password's key ({@link PasswordKeys}) and,
 * for each live token, under that token's secret ({@link TokenSecrets}). Sign-in unlocks it with the password and
 * writes the token's unlock row; each later request or socket of that token unlocks it from that row
 * ({@link #unlock}), so a restarted server needs nobody to sign in again. Every wrapped copy is sealed by the vault
 * as well. Runs in the caller's transaction.
 */
@Stateless
public class Keyrings {

    /** Every column holding a user's secrets, converted when the user switches custody. */
    static final List<SealedColumn> SECRETS = Stream.concat(KeyRows.ALL.stream(), Stream.of(StorageKeys.KEYS))
            .toList();

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Inject
    KeyringStore store;

    @Inject
    KeyVault vault;

    @Inject
    UserSecrets secrets;

    @Inject
    CustodySettings settings;

    @Inject
    CustodyMetrics metrics;

    @Inject
    KeySweep keySweep;

    @Inject
    Event<KeyringReleased> released;

    public KeyCustody custodyOf(UUID userId) {
        return secrets.isLocked(userId) ? KeyCustody.LOCKED : KeyCustody.HOSTED;
    }

    /**
     * Sign-in: for a locked user, opens K with the (already verified) password and binds it on this thread until
     * the binding is closed; for a hosted user, nothing.
     */
    public UnlockedKeyrings.Binding openWithPassword(UUID userId, String password) {
        if (!secrets.isLocked(userId)) {
            return UnlockedKeyrings.NONE;
        }
        long started = System.nanoTime();
        byte[] key = withPassword(userId, password);
        metrics.unlocked(System.nanoTime() - started);
        return UnlockedKeyrings.bind(userId, key);
    }

    /**
     * A new token of a locked user, whose K is unlocked on this thread: its unlock row, K wrapped under the
     * token's secret. Nothing for a hosted user.
     */
    public void addUnlock(UUID userId, byte[] tokenHash, String token, Instant expiresAt) {
        if (!secrets.isLocked(userId)) {
            return;
        }
        byte[] key = UnlockedKeyrings.copyOf(userId);
        try {
            addUnlock(userId, key, tokenHash, token, expiresAt);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Prekey maintenance of a locked user's devices, whose K is unlocked on this thread: the background sweep
     * cannot sign or seal their new prekeys, so it happens while they are signed in (each device in a transaction
     * of its own; it does nothing when nothing is due). Nothing for a hosted user.
     */
    public void maintainKeys(UUID userId) {
        if (secrets.isLocked(userId)) {
            keySweep.sweepUser(userId, DatabaseClock.now());
        }
    }

    /**
     * A request, socket frame or push of a live token: binds K on this thread {@linkplain UnlockedKeyrings#onDemand
     * on demand}, from the token's unlock row, when a locked user's secret is first needed. A hosted user's work
     * never needs it, so it costs them no query (the transaction that would need K reads the custody anyway,
     * {@link app.famichat.vault.UserSecrets#isLocked}). When a locked user's row is missing or does not open
     * (counted), K stays unbound: what needs it answers {@link KeyringLockedException}, and the user signs in again.
     */
    public UnlockedKeyrings.Binding unlock(TokenUnlock token) {
        // The unlock runs later, outside this call: it keeps the (thread-safe) proxies, not this pooled instance.
        KeyringStore rows = store;
        KeyVault keyVault = vault;
        CustodyMetrics counted = metrics;
        return UnlockedKeyrings.onDemand(token.userId(), () -> open(token, rows, keyVault, counted));
    }

    private static Optional<byte[]> open(TokenUnlock token, KeyringStore rows, KeyVault keyVault,
                                         CustodyMetrics counted) {
        Optional<byte[]> sealed = rows.unlock(token.tokenHash(), token.userId(), Instant.now());
        if (sealed.isEmpty()) {
            counted.unlockFailed(CustodyMetrics.Failure.NO_UNLOCK);
            return Optional.empty();
        }
        SealContext place = KeyringStore.unlockPlace(token.tokenHash());
        try {
            return Optional.of(Keyring.open(token.secret(), token.userId(), place,
                    keyVault.open(sealed.get(), place)));
        } catch (VaultException e) {
            counted.unlockFailed(CustodyMetrics.Failure.NOT_AUTHENTIC);
            return Optional.empty();
        }
    }

    /**
     * Switches a hosted user to locked custody: a new K wrapped under the (already verified) password, every
     * secret of theirs encrypted under it, and the token's unlock row. K stays bound on this thread until the
     * binding is closed. The other tokens of the user must be revoked by the caller: they have no unlock row.
     */
    public UnlockedKeyrings.Binding lock(UUID userId, String password, byte[] tokenHash, String token,
                                         Instant expiresAt) {
        if (store.lockCustody(userId).orElseThrow() == KeyCustody.LOCKED) {
            return unlock(TokenUnlock.of(userId, tokenHash, token));
        }
        byte[] key = Keyring.newKey();
        store.saveKeyring(userId, wrap(userId, key, password));
        convertSecrets(userId, key, true);
        store.setCustody(userId, KeyCustody.LOCKED);
        secrets.custodyChanged(userId, true);
        if (tokenHash != null) {
            addUnlock(userId, key, tokenHash, token, expiresAt);
        }
        return UnlockedKeyrings.bind(userId, key);
    }

    /**
     * Switches a locked user back to hosted custody: every secret sealed by the vault alone again, the keyring and
     * all its unlock rows deleted, and {@link KeyringReleased} fired in the transaction (family recovery drops
     * what a hosted identity key would expose). K must be unlocked on this thread (the user's own request).
     */
    public void release(UUID userId) {
        if (store.lockCustody(userId).orElseThrow() == KeyCustody.HOSTED) {
            return;
        }
        byte[] key = UnlockedKeyrings.copyOf(userId);
        try {
            convertSecrets(userId, key, false);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        store.deleteKeyring(userId);
        store.setCustody(userId, KeyCustody.HOSTED);
        secrets.custodyChanged(userId, false);
        released.fire(new KeyringReleased(userId));
    }

    /**
     * A password change: the same K wrapped under the new password's key (new salt, the configured parameters).
     * The caller revokes the other tokens, which deletes their unlock rows. Nothing for a hosted user.
     */
    public void passwordChanged(UUID userId, String newPassword) {
        if (!secrets.isLocked(userId)) {
            return;
        }
        byte[] key = UnlockedKeyrings.copyOf(userId);
        try {
            store.saveKeyring(userId, wrap(userId, key, newPassword));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * A new recovery code of a locked user whose K is unlocked on this thread, replacing the one there was: K
     * wrapped under the code's key and sealed by the vault. Returns the code, to be shown once (it is not kept).
     *
     * @throws FamichatException 409 for a hosted user (a recovery code wraps a keyring, which they have not)
     */
    public String newRecoveryCode(UUID userId) {
        if (store.lockCustody(userId).orElseThrow() != KeyCustody.LOCKED) {
            throw new FamichatException(Failure.CONFLICT, "Only an account in locked custody has a recovery code");
        }
        byte[] code = RecoveryCodes.newCode();
        byte[] salt = RecoveryCodes.newSalt();
        byte[] wrappingKey = RecoveryCodes.wrappingKey(code, salt);
        try {
            store.saveRecoveryCode(userId, salt,
                    wrapUnder(userId, wrappingKey, KeyringStore.RECOVERY_CODES.place(userId)));
            return RecoveryCodes.format(code);
        } finally {
            Arrays.fill(code, (byte) 0);
            Arrays.fill(wrappingKey, (byte) 0);
        }
    }

    /** When the user's recovery code was made, if they have one. */
    public Optional<Instant> recoveryCodeCreatedAt(UUID userId) {
        return store.recoveryCodeCreatedAt(userId);
    }

    /** Deletes the user's recovery code; whether there was one. */
    public boolean revokeRecoveryCode(UUID userId) {
        return store.deleteRecoveryCode(userId);
    }

    /**
     * Forgot password: if {@code typedCode} is the recovery code of this locked user, their K wrapped under the new
     * password (new salt, the configured parameters) and the code used up (deleted: it was typed on a device that
     * may not be theirs); false and nothing changed otherwise (a hosted user, no code, a wrong code). The caller
     * changes the sign-in hash and revokes every token.
     */
    public boolean recoverWithCode(UUID userId, String typedCode, String newPassword) {
        if (store.lockCustody(userId).orElse(KeyCustody.HOSTED) != KeyCustody.LOCKED) {
            return false;
        }
        Optional<KeyringStore.StoredRecoveryCode> stored = store.lockRecoveryCode(userId);
        Optional<byte[]> code = RecoveryCodes.parse(typedCode);
        if (stored.isEmpty() || code.isEmpty()) {
            return false;
        }
        byte[] wrappingKey = RecoveryCodes.wrappingKey(code.get(), stored.get().salt());
        try {
            if (!recoverWith(userId, wrappingKey, KeyringStore.RECOVERY_CODES.place(userId),
                    stored.get().sealedWrappedKey(), newPassword)) {
                return false; // a wrong code (or a value altered or copied from another user)
            }
        } finally {
            Arrays.fill(wrappingKey, (byte) 0);
            Arrays.fill(code.get(), (byte) 0);
        }
        store.deleteRecoveryCode(userId);
        return true;
    }

    /**
     * A copy of K (unlocked on this thread) for a recovery path: wrapped under {@code wrappingKey}, bound to
     * {@code place} and sealed by the vault there. Public only because an EJB's callers may call nothing else
     * ({@link FamilyRecoveryKeys} is one).
     */
    public byte[] wrapUnder(UUID userId, byte[] wrappingKey, SealContext place) {
        byte[] key = UnlockedKeyrings.copyOf(userId);
        try {
            return vault.seal(Keyring.seal(wrappingKey, userId, place, key), place);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * A recovery path's end: if {@code sealedWrappedKey} (from {@link #wrapUnder}) opens with {@code wrappingKey},
     * K wrapped under the new password (new salt, the configured parameters); false and nothing changed if not.
     */
    public boolean recoverWith(UUID userId, byte[] wrappingKey, SealContext place, byte[] sealedWrappedKey,
                        String newPassword) {
        byte[] key;
        try {
            key = Keyring.open(wrappingKey, userId, place, vault.open(sealedWrappedKey, place));
        } catch (VaultException e) {
            return false;
        }
        try {
            store.saveKeyring(userId, wrap(userId, key, newPassword));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return true;
    }

    /** Deletes the unlock rows of tokens expired by {@code now}; returns how many ({@link CustodySweep}). */
    public int deleteExpiredUnlocks(Instant now) {
        return store.deleteExpiredUnlocks(now);
    }

    /** Deletes the send keys whose lifetime ended by {@code now}; returns how many ({@link CustodySweep}). */
    public int deleteExpiredSendKeys(Instant now) {
        return store.deleteExpiredSendKeys(now);
    }

    private KeyringStore.StoredKeyring wrap(UUID userId, byte[] key, String password) {
        byte[] salt = PasswordKeys.newSalt();
        PasswordKeys.Parameters parameters = settings.argon2();
        byte[] passwordKey = PasswordKeys.derive(password, salt, parameters);
        try {
            byte[] wrapped = Keyring.seal(passwordKey, userId, KeyringStore.KEYRINGS.place(userId), key);
            return new KeyringStore.StoredKeyring(salt, parameters,
                    vault.seal(wrapped, KeyringStore.KEYRINGS.place(userId)));
        } finally {
            Arrays.fill(passwordKey, (byte) 0);
        }
    }

    private byte[] withPassword(UUID userId, String password) {
        KeyringStore.StoredKeyring keyring = store.keyring(userId).orElseThrow(
                () -> new IllegalStateException("A locked user has no keyring"));
        byte[] passwordKey = PasswordKeys.derive(password, keyring.salt(), keyring.parameters());
        try {
            return Keyring.open(passwordKey, userId, KeyringStore.KEYRINGS.place(userId),
                    vault.open(keyring.sealedWrappedKey(), KeyringStore.KEYRINGS.place(userId)));
        } catch (VaultException e) {
            // The password was verified against the sign-in hash: the keyring does not match it (a restored
            // backup of one table without the other). The user cannot be served; recovery comes later.
            metrics.unlockFailed(CustodyMetrics.Failure.NOT_AUTHENTIC);
            throw new KeyringLockedException();
        } finally {
            Arrays.fill(passwordKey, (byte) 0);
        }
    }

    private void addUnlock(UUID userId, byte[] key, byte[] tokenHash, String token, Instant expiresAt) {
        byte[] secret = TokenSecrets.of(token);
        try {
            byte[] wrapped = Keyring.seal(secret, userId, KeyringStore.unlockPlace(tokenHash), key);
            store.insertUnlock(tokenHash, userId, vault.seal(wrapped, KeyringStore.unlockPlace(tokenHash)),
                    expiresAt);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Every secret of the user converted to the other custody, row by row, each row locked. Every reader and
     * writer of these rows holds the user's row key-share locked ({@link UserSecrets#isLocked}), and the caller
     * holds it for update: none of them runs meanwhile.
     */
    private void convertSecrets(UUID userId, byte[] key, boolean toLocked) {
        for (SealedColumn column : SECRETS) {
            List<String> ids = column.idColumns();
            String select = "SELECT " + String.join(", ", ids) + ", " + column.column() + " FROM " + column.table()
                    + " WHERE " + ids.get(0) + " = ? FOR UPDATE";
            StringJoiner where = new StringJoiner(" AND ");
            ids.forEach(id -> where.add(id + " = ?"));
            String update = "UPDATE " + column.table() + " SET " + column.column() + " = ? WHERE " + where;
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(select).setParameter(1, userId).getResultList();
            for (Object[] row : rows) {
                Object[] id = Arrays.copyOf(row, ids.size());
                byte[] converted = secrets.convert(userId, (byte[]) row[ids.size()], column.place(id), key, toLocked);
                var statement = em.createNativeQuery(update).setParameter(1, converted);
                for (int i = 0; i < id.length; i++) {
                    statement.setParameter(i + 2, id[i]);
                }
                statement.executeUpdate();
            }
        }
    }
}
