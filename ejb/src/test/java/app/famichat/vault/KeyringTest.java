package app.famichat.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The keyring layer: AES-256-GCM under K, bound to the user and the value's place, and apart from history's. */
class KeyringTest {

    private static final SealContext ROW = new SealContext("signal_identity_keys", "private_key_sealed", "u");

    private final byte[] key = Keyring.newKey();
    private final UUID user = UUID.randomUUID();
    private final byte[] secret = "an identity private key".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealedSecretOpensWithItsKeyUserAndPlace() {
        byte[] sealed = Keyring.seal(key, user, ROW, secret);
        assertArrayEquals(secret, Keyring.open(key, user, ROW, sealed));
        assertEquals(32, key.length);
        assertFalse(Arrays.equals(key, Keyring.newKey()));
    }

    @Test
    void anotherKeyUserOrPlaceIsRefused() {
        byte[] sealed = Keyring.seal(key, user, ROW, secret);
        assertNotAuthentic(() -> Keyring.open(Keyring.newKey(), user, ROW, sealed));
        assertNotAuthentic(() -> Keyring.open(key, UUID.randomUUID(), ROW, sealed));
        assertNotAuthentic(() -> Keyring.open(key, user, new SealContext("signal_identity_keys",
                "private_key_sealed", "v"), sealed));
        assertNotAuthentic(() -> Keyring.open(key, user, new SealContext("user_storage_keys", "key", "u"), sealed));
    }

    /** The same key and place under the history layer's label do not open as a keyring value, nor the reverse. */
    @Test
    void theKeyringIsDomainSeparatedFromHistory() {
        assertNotAuthentic(() -> Keyring.open(key, user, ROW, StorageCipher.seal(key, user, ROW, secret)));
        assertNotAuthentic(() -> StorageCipher.open(key, user, ROW, Keyring.seal(key, user, ROW, secret)));
    }

    @Test
    void anAlteredValueIsRefused() {
        byte[] sealed = Keyring.seal(key, user, ROW, secret);
        sealed[sealed.length - 1] ^= 1;
        assertNotAuthentic(() -> Keyring.open(key, user, ROW, sealed));
        assertEquals(VaultException.Reason.MALFORMED, assertThrows(VaultException.class,
                () -> Keyring.open(key, user, ROW, new byte[3])).reason());
    }

    private static void assertNotAuthentic(Executable open) {
        assertEquals(VaultException.Reason.NOT_AUTHENTIC, assertThrows(VaultException.class, open).reason());
    }
}
