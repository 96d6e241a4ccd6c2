package app.famichat.vault;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Seals and opens one user's secrets (Signal private keys, session records, the storage key) by their custody:
 * a hosted user's with the vault alone, a locked user's first under their keyring key ({@link Keyring}, bound on
 * this thread by {@link UnlockedKeyrings}) and then with the vault. Without the keyring key a locked user's
 * secrets neither open nor can new ones be sealed ({@link KeyringLockedException}).
 *
 * <p>The custody is read once per transaction, with the user's row key-share locked: a custody switch (which
 * locks the row for update and converts every secret) waits for transactions that seal or open, and they for it,
 * so no secret is ever written in the form of a custody the user has just left.
 */
@ApplicationScoped
public class UserSecrets {

    private static final String CUSTODY = UserSecrets.class.getName() + ".custody";

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Inject
    KeyVault vault;

    @Resource
    TransactionSynchronizationRegistry transactions;

    public UserSecrets() {
    }

    private UserSecrets(KeyVault vault) {
        this.vault = vault;
    }

    /** Every user hosted, no database: for benchmarks and tools that generate keys outside the server. */
    public static UserSecrets hostedOnly(KeyVault vault) {
        return new UserSecrets(vault) {
            @Override
            public boolean isLocked(UUID userId) {
                return false;
            }
        };
    }

    public byte[] seal(UUID userId, byte[] plaintext, SealContext where) {
        byte[] inner = isLocked(userId) ? Keyring.seal(key(userId), userId, where, plaintext) : plaintext;
        return vault.seal(inner, where);
    }

    public byte[] open(UUID userId, byte[] stored, SealContext where) {
        byte[] inner = vault.open(stored, where);
        return isLocked(userId) ? Keyring.open(key(userId), userId, where, inner) : inner;
    }

    /** Whether the user's secrets can be opened and sealed here: hosted, or locked with the keyring unlocked. */
    public boolean usable(UUID userId) {
        return !isLocked(userId) || UnlockedKeyrings.isBound(userId);
    }

    /** Whether the user is in locked custody, as this transaction sees it (the row key-share locked). */
    public boolean isLocked(UUID userId) {
        Map<UUID, Boolean> known = known();
        Boolean locked = known.get(userId);
        if (locked == null) {
            @SuppressWarnings("unchecked")
            List<String> rows = em.createNativeQuery("SELECT custody FROM users WHERE id = ? FOR KEY SHARE")
                    .setParameter(1, userId).getResultList();
            locked = !rows.isEmpty() && "locked".equals(rows.get(0));
            known.put(userId, locked);
        }
        return locked;
    }

    /** After a custody switch in this transaction: what {@link #isLocked} answers from now on. */
    public void custodyChanged(UUID userId, boolean locked) {
        known().put(userId, locked);
    }

    /** A hosted user's value re-sealed for locked custody under {@code key}, or the reverse. */
    public byte[] convert(UUID userId, byte[] stored, SealContext where, byte[] key, boolean toLocked) {
        byte[] opened = vault.open(stored, where);
        return vault.seal(toLocked ? Keyring.seal(key, userId, where, opened) : Keyring.open(key, userId, where,
                opened), where);
    }

    private static byte[] key(UUID userId) {
        return UnlockedKeyrings.of(userId).orElseThrow(KeyringLockedException::new);
    }

    @SuppressWarnings("unchecked")
    private Map<UUID, Boolean> known() {
        Map<UUID, Boolean> known = (Map<UUID, Boolean>) transactions.getResource(CUSTODY);
        if (known == null) {
            known = new HashMap<>();
            transactions.putResource(CUSTODY, known);
        }
        return known;
    }
}
