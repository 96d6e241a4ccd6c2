package app.famichat.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** An unlock on demand costs nothing until the key is asked for, then runs once however often it is asked. */
    @Test
    void anUnlockOnDemandRunsOnceAndOnlyWhenTheKeyIsNeeded() {
        byte[] key = Keyring.newKey();
        byte[] copy = key.clone();
        AtomicInteger runs = new AtomicInteger();
        try (UnlockedKeyrings.Binding bound = UnlockedKeyrings.onDemand(user, () -> {
            runs.incrementAndGet();
            return Optional.of(key);
        })) {
            assertEquals(0, runs.get());
            assertTrue(UnlockedKeyrings.isBound(user));
            assertArrayEquals(copy, UnlockedKeyrings.copyOf(user));
            assertArrayEquals(copy, UnlockedKeyrings.of(user).orElseThrow());
            assertEquals(1, runs.get());
            assertFalse(UnlockedKeyrings.isBound(UUID.randomUUID()));
        }
        assertFalse(UnlockedKeyrings.isBound(user));
        assertArrayEquals(new byte[Keyring.KEY_BYTES], key);
        assertEquals(1, runs.get());
    }

    /** An unlock that did not open is not retried within the work (each failed try is counted by its caller). */
    @Test
    void anUnlockOnDemandThatFailsLeavesTheKeyringLocked() {
        AtomicInteger runs = new AtomicInteger();
        try (UnlockedKeyrings.Binding bound = UnlockedKeyrings.onDemand(user, () -> {
            runs.incrementAndGet();
            return Optional.empty();
        })) {
            assertFalse(UnlockedKeyrings.isBound(user));
            assertThrows(KeyringLockedException.class, () -> UnlockedKeyrings.copyOf(user));
        }
        assertEquals(1, runs.get());
    }

    /** A key bound outright (sign-in, a send key) wins over an unlock on demand, which then never runs. */
    @Test
    void aBoundKeyIsUsedBeforeAnUnlockOnDemand() {
        byte[] bound = Keyring.newKey();
        byte[] boundCopy = bound.clone();
        AtomicInteger runs = new AtomicInteger();
        try (UnlockedKeyrings.Binding onDemand = UnlockedKeyrings.onDemand(user, () -> {
            runs.incrementAndGet();
            return Optional.of(Keyring.newKey());
        }); UnlockedKeyrings.Binding direct = UnlockedKeyrings.bind(user, bound)) {
            assertArrayEquals(boundCopy, UnlockedKeyrings.copyOf(user));
        }
        assertEquals(0, runs.get());
    }

    @Test
    void releasingTheThreadWipesAKeyUnlockedOnDemand() {
        byte[] key = Keyring.newKey();
        UnlockedKeyrings.onDemand(user, () -> Optional.of(key));
        assertTrue(UnlockedKeyrings.isBound(user));
        UnlockedKeyrings.releaseThread();
        assertFalse(UnlockedKeyrings.isBound(user));
        assertArrayEquals(new byte[Keyring.KEY_BYTES], key);
    }
}
