package app.famichat.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertThrows(IllegalArgumentException.class, () -> new SealedColumn("users; drop", "key", "id"));
        assertEquals("user_storage_keys.key", SealedColumns.ALL.get(0).toString());
    }
}
