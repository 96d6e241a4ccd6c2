package app.famichat.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UnlockedKeyringsTest {

    private final UUID user = UUID.randomUUID();

    @AfterEach
    void release() {
        UnlockedKeyrings.releaseThread();
    }

    @Test
    void aBindingHoldsForItsThreadUntilClosedAndWipesTheKey() throws Exception {
        byte[] key = Keyring.newKey();
        byte[] copy = key.clone();
        try (UnlockedKeyrings.Binding bound = UnlockedKeyrings.bind(user, key)) {
            assertTrue(UnlockedKeyrings.isBound(user));
            assertArrayEquals(copy, UnlockedKeyrings.copyOf(user));
            assertFalse(CompletableFuture.supplyAsync(() -> UnlockedKeyrings.isBound(user)).get());
        }
        assertFalse(UnlockedKeyrings.isBound(user));
        assertArrayEquals(new byte[Keyring.KEY_BYTES], key);
        assertThrows(KeyringLockedException.class, () -> UnlockedKeyrings.copyOf(user));
    }

    @Test
    void anInnerBindingGivesBackTheOuterOne() {
        byte[] outer = Keyring.newKey();
        byte[] outerCopy = outer.clone();
        try (UnlockedKeyrings.Binding first = UnlockedKeyrings.bind(user, outer)) {
            try (UnlockedKeyrings.Binding second = UnlockedKeyrings.bind(user, Keyring.newKey())) {
                assertTrue(UnlockedKeyrings.isBound(user));
            }
            assertArrayEquals(outerCopy, UnlockedKeyrings.copyOf(user));
        }
    }

    @Test
    void releasingTheThreadWipesWhatWasLeftBound() {
        byte[] key = Keyring.newKey();
        UnlockedKeyrings.bind(user, key);
        UnlockedKeyrings.releaseThread();
        assertFalse(UnlockedKeyrings.isBound(user));
        assertArrayEquals(new byte[Keyring.KEY_BYTES], key);
    }
}
