package app.famichat.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RotationTest {

    private static final SealContext PLACE = new SealContext("user_storage_keys", "key", "u1");

    @Test
    void resealMovesAValueToTheActiveKeyAndTheOldKeyCanThenBeRetired() {
        String old = TestKeys.entry("old");
        String fresh = TestKeys.entry("new");
        KeyVault before = KeyVault.withKeys(old, null);
        KeyVault rotated = KeyVault.withKeys(old + "," + fresh, "new");
        KeyVault retired = KeyVault.withKeys(fresh, null);
        byte[] value = {1, 2, 3};

        byte[] sealed = before.seal(value, PLACE);
        assertFalse(rotated.isSealedWithActiveKey(sealed));
        assertArrayEquals(value, rotated.open(sealed, PLACE));

        byte[] moved = rotated.reseal(sealed, PLACE);
        assertTrue(rotated.isSealedWithActiveKey(moved));
        assertArrayEquals(value, retired.open(moved, PLACE));
        assertEquals(VaultException.Reason.UNKNOWN_KEY,
                assertThrows(VaultException.class, () -> retired.open(sealed, PLACE)).reason());
    }

    @Test
    void sealedColumnsAreSafeIdentifiers() {
        assertThrows(IllegalArgumentException.class, () -> SealedColumn.of("users; drop", "key", "id"));
        assertThrows(IllegalArgumentException.class, () -> SealedColumn.of("t", "key", "a", "b; drop"));
        assertThrows(IllegalArgumentException.class, () -> SealedColumn.of("t", "key"));
    }

    @Test
    void aCompositeRowIdIsItsColumnValuesJoinedWithSlashes() {
        SealedColumn sessions = SealedColumn.of("sessions", "record", "local_user", "local_device", "remote_user",
                "remote_device");
        UUID local = UUID.randomUUID();
        UUID remote = UUID.randomUUID();
        assertEquals(new SealContext("sessions", "record", local + "/1/" + remote + "/2"),
                sessions.place(local, 1, remote, (short) 2));
        assertEquals(new SealContext("user_storage_keys", "key", local.toString()), StorageKeys.keyPlace(local));
        assertThrows(IllegalArgumentException.class, () -> sessions.place(local, 1, remote));
    }
}
