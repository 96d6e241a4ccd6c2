package app.famichat.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.vault.SealContext;
import app.famichat.reseal.SealedColumns;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyRowsTest {

    private static final UUID USER = UUID.randomUUID();
    private static final UUID REMOTE = UUID.randomUUID();

    /** The row ids are bound into every stored ciphertext: a different format would open none of them. */
    @Test
    void rowIdsKeepTheFormatStoredCiphertextsWereSealedWith() {
        assertEquals(new SealContext("signal_identity_keys", "private_key_sealed", USER.toString()),
                KeyRows.identity(USER));
        assertEquals(new SealContext("signal_signed_prekeys", "record_sealed", USER + "/1/1"),
                KeyRows.prekey(KeyRows.SIGNED_PREKEYS, USER, 1, 1));
        assertEquals(new SealContext("signal_kyber_prekeys", "record_sealed", USER + "/3/101"),
                KeyRows.prekey(KeyRows.KYBER_PREKEYS, USER, 3, 101));
        assertEquals(new SealContext("signal_prekeys", "record_sealed", USER + "/127/42"),
                KeyRows.prekey(KeyRows.PREKEYS, USER, 127, 42));
        assertEquals(new SealContext("signal_sessions", "record_sealed", USER + "/1/" + REMOTE + "/2"),
                KeyRows.session(USER, 1, REMOTE, 2));
    }

    @Test
    void everySealedSignalColumnIsReSealed() {
        assertEquals(5, KeyRows.ALL.size());
        assertTrue(SealedColumns.ALL.containsAll(KeyRows.ALL));
    }
}
