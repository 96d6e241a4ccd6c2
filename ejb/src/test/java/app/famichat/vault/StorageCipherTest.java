package app.famichat.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StorageCipherTest {

    private static final SealContext ROW = new SealContext("messages", "body", "7");

    private final byte[] key = StorageCipher.newDataKey();
    private final UUID user = UUID.randomUUID();
    private final byte[] text = "hello history".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTrip() {
        byte[] stored = StorageCipher.seal(key, user, ROW, text);
        assertEquals(1 + 12 + text.length + 16, stored.length);
        assertArrayEquals(text, StorageCipher.open(key, user, ROW, stored));
    }

    @Test
    void anotherUserRowOrKeyIsRefused() {
        byte[] stored = StorageCipher.seal(key, user, ROW, text);
        assertEquals(VaultException.Reason.NOT_AUTHENTIC, assertThrows(VaultException.class,
                () -> StorageCipher.open(key, UUID.randomUUID(), ROW, stored)).reason());
        assertEquals(VaultException.Reason.NOT_AUTHENTIC, assertThrows(VaultException.class,
                () -> StorageCipher.open(key, user, new SealContext("messages", "body", "8"), stored)).reason());
        assertEquals(VaultException.Reason.NOT_AUTHENTIC, assertThrows(VaultException.class,
                () -> StorageCipher.open(StorageCipher.newDataKey(), user, ROW, stored)).reason());
    }

    @Test
    void tamperedOrMalformedIsRefused() {
        byte[] stored = StorageCipher.seal(key, user, ROW, text);
        stored[stored.length - 1] ^= 1;
        assertEquals(VaultException.Reason.NOT_AUTHENTIC, assertThrows(VaultException.class,
                () -> StorageCipher.open(key, user, ROW, stored)).reason());
        assertEquals(VaultException.Reason.MALFORMED, assertThrows(VaultException.class,
                () -> StorageCipher.open(key, user, ROW, new byte[5])).reason());
        byte[] other = StorageCipher.seal(key, user, ROW, text);
        other[0] = 9;
        assertEquals(VaultException.Reason.UNKNOWN_VERSION, assertThrows(VaultException.class,
                () -> StorageCipher.open(key, user, ROW, other)).reason());
    }
}
