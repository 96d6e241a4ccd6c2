package app.famichat.custody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.vault.KeyVault;
import app.famichat.vault.Keyring;
import app.famichat.vault.SealContext;
import app.famichat.vault.UnlockedKeyrings;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a request or push of a live token costs in unlock queries ({@link Keyrings#unlock}): none until the work
 * needs the user's K (a hosted user's never does), then one read of the token's unlock row; a missing or
 * mismatched row leaves K unbound and is counted.
 */
class KeyringsUnlockTest {

    private final UUID user = UUID.randomUUID();
    private final String token = "a-bearer-token";
    private final byte[] tokenHash = new byte[32];
    private final byte[] key = Keyring.newKey();
    private final KeyVault vault = KeyVault.withKeys(masterKey(), null);
    private final Rows rows = new Rows();
    private final List<CustodyMetrics.Failure> failures = new ArrayList<>();
    private final Keyrings keyrings = new Keyrings();

    {
        new SecureRandom().nextBytes(tokenHash);
        keyrings.store = rows;
        keyrings.vault = vault;
        keyrings.metrics = new CustodyMetrics() {
            @Override
            void unlockFailed(Failure reason) {
                failures.add(reason);
            }
        };
    }

    @AfterEach
    void release() {
        UnlockedKeyrings.releaseThread();
    }

    @Test
    void workThatNeverNeedsTheKeyReadsNoUnlockRow() {
        try (UnlockedKeyrings.Binding request = keyrings.unlock(TokenUnlock.of(user, tokenHash, token))) {
            assertEquals(0, rows.reads);
        }
        assertEquals(0, rows.reads);
    }

    @Test
    void aLockedUsersKeyIsReadOnceFromTheTokensUnlockRow() {
        SealContext place = KeyringStore.unlockPlace(tokenHash);
        rows.unlocks.put(user, vault.seal(Keyring.seal(TokenSecrets.of(token), user, place, key), place));
        try (UnlockedKeyrings.Binding request = keyrings.unlock(TokenUnlock.of(user, tokenHash, token))) {
            assertArrayEquals(key, UnlockedKeyrings.copyOf(user));
            assertTrue(UnlockedKeyrings.isBound(user));
        }
        assertEquals(1, rows.reads);
        assertFalse(UnlockedKeyrings.isBound(user));
        assertEquals(List.of(), failures);
    }

    @Test
    void aMissingOrForeignUnlockRowLeavesTheKeyringLockedAndIsCounted() {
        try (UnlockedKeyrings.Binding request = keyrings.unlock(TokenUnlock.of(user, tokenHash, token))) {
            assertFalse(UnlockedKeyrings.isBound(user));
        }
        SealContext place = KeyringStore.unlockPlace(tokenHash);
        rows.unlocks.put(user, vault.seal(Keyring.seal(TokenSecrets.of("another token"), user, place, key), place));
        try (UnlockedKeyrings.Binding request = keyrings.unlock(TokenUnlock.of(user, tokenHash, token))) {
            assertFalse(UnlockedKeyrings.isBound(user));
        }
        assertEquals(List.of(CustodyMetrics.Failure.NO_UNLOCK, CustodyMetrics.Failure.NOT_AUTHENTIC), failures);
    }

    /** The keyring_unlocks table, one row per user here, counting reads. */
    private static final class Rows extends KeyringStore {
        final Map<UUID, byte[]> unlocks = new HashMap<>();
        int reads;

        @Override
        Optional<byte[]> unlock(byte[] tokenHash, UUID userId, Instant now) {
            reads++;
            return Optional.ofNullable(unlocks.get(userId));
        }
    }

    private static String masterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "test:" + Base64.getEncoder().encodeToString(key);
    }
}
