package app.famichat.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A user's secrets by custody: the vault alone for a hosted user; for a locked one, the keyring first, so that what
 * the vault opens is still ciphertext, and nothing opens or seals without K bound on the thread.
 */
class UserSecretsTest {

    private static final SealContext ROW = new SealContext("signal_sessions", "record_sealed", "a/1/b/2");

    private final KeyVault vault = KeyVault.withKeys(TestKeys.entry("k1"), null);
    private final Set<UUID> locked = new HashSet<>();
    private final UserSecrets secrets = new UserSecrets() {
        @Override
        public boolean isLocked(UUID userId) {
            return locked.contains(userId);
        }
    };
    private final UUID user = UUID.randomUUID();
    private final byte[] record = "a session record".getBytes(StandardCharsets.UTF_8);

    {
        secrets.vault = vault;
    }

    @AfterEach
    void release() {
        UnlockedKeyrings.releaseThread();
    }

    @Test
    void aHostedUsersSecretIsSealedByTheVaultAlone() {
        byte[] sealed = secrets.seal(user, record, ROW);
        assertArrayEquals(record, vault.open(sealed, ROW));
        assertArrayEquals(record, secrets.open(user, sealed, ROW));
        assertTrue(secrets.usable(user));
    }

    @Test
    void aLockedUsersSecretNeedsTheirKeyringBeyondTheVault() {
        locked.add(user);
        byte[] key = Keyring.newKey();
        byte[] sealed;
        try (UnlockedKeyrings.Binding bound = UnlockedKeyrings.bind(user, key.clone())) {
            assertTrue(secrets.usable(user));
            sealed = secrets.seal(user, record, ROW);
            assertArrayEquals(record, secrets.open(user, sealed, ROW));
        }
        // What the vault's master key opens is the keyring's ciphertext, which only K opens.
        byte[] opened = vault.open(sealed, ROW);
        assertFalse(new String(opened, StandardCharsets.ISO_8859_1).contains("session record"));
        assertArrayEquals(record, Keyring.open(key, user, ROW, opened));
        assertFalse(secrets.usable(user));
        assertThrows(KeyringLockedException.class, () -> secrets.open(user, sealed, ROW));
        assertThrows(KeyringLockedException.class, () -> secrets.seal(user, record, ROW));
    }

    /** Another user's K bound on the thread is no use: each key is bound to its user. */
    @Test
    void onlyTheUsersOwnKeyringOpensTheirSecrets() {
        locked.add(user);
        byte[] sealed;
        try (UnlockedKeyrings.Binding bound = UnlockedKeyrings.bind(user, Keyring.newKey())) {
            sealed = secrets.seal(user, record, ROW);
        }
        UUID other = UUID.randomUUID();
        locked.add(other);
        try (UnlockedKeyrings.Binding bound = UnlockedKeyrings.bind(other, Keyring.newKey())) {
            assertThrows(KeyringLockedException.class, () -> secrets.open(user, sealed, ROW));
        }
    }

    @Test
    void aSwitchConvertsBothWaysWithTheSameKey() {
        byte[] key = Keyring.newKey();
        byte[] hosted = secrets.seal(user, record, ROW);
        byte[] lockedForm = secrets.convert(user, hosted, ROW, key, true);
        assertArrayEquals(record, Keyring.open(key, user, ROW, vault.open(lockedForm, ROW)));
        byte[] back = secrets.convert(user, lockedForm, ROW, key, false);
        assertArrayEquals(record, vault.open(back, ROW));
        assertEquals(VaultException.Reason.NOT_AUTHENTIC, assertThrows(VaultException.class,
                () -> secrets.convert(user, lockedForm, ROW, Keyring.newKey(), false)).reason());
    }

    /**
     * A request's keyring unlock waits until a secret needs it: a hosted user's work never runs it (no unlock
     * query), a locked user's runs it once however many secrets it opens and seals.
     */
    @Test
    void theTokensUnlockRunsOnlyForALockedUsersSecretsAndOnce() {
        byte[] key = Keyring.newKey();
        AtomicInteger unlocks = new AtomicInteger();
        try (UnlockedKeyrings.Binding request = UnlockedKeyrings.onDemand(user, () -> {
            unlocks.incrementAndGet();
            return Optional.of(key.clone());
        })) {
            assertArrayEquals(record, secrets.open(user, secrets.seal(user, record, ROW), ROW));
            assertTrue(secrets.usable(user));
        }
        assertEquals(0, unlocks.get());

        locked.add(user); // the user switched: their next request takes the locked path at once
        try (UnlockedKeyrings.Binding request = UnlockedKeyrings.onDemand(user, () -> {
            unlocks.incrementAndGet();
            return Optional.of(key.clone());
        })) {
            assertTrue(secrets.usable(user));
            byte[] sealed = secrets.seal(user, record, ROW);
            assertArrayEquals(record, secrets.open(user, sealed, ROW));
            assertArrayEquals(record, Keyring.open(key, user, ROW, vault.open(sealed, ROW)));
        }
        assertEquals(1, unlocks.get());
    }
}
