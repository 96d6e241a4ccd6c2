package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The statements KeyStatements builds (they run in SignalKeysIT and the benchmark). */
class KeyStatementsTest {

    private final DeviceAddress device = new DeviceAddress(UUID.randomUUID(), 3);

    private static SealedPreKey key(PreKeyKind kind, int id) {
        return new SealedPreKey(kind, id, new byte[] {1}, kind == PreKeyKind.ONE_TIME_EC ? null : new byte[] {2},
                new byte[] {3});
    }

    @Test
    void keysAreWrittenPerTableInStatementsOfFiftyRowsWithOneParameterPerPlaceholder() {
        List<SealedPreKey> keys = new ArrayList<>();
        keys.add(key(PreKeyKind.SIGNED, 1));
        keys.add(key(PreKeyKind.LAST_RESORT_KYBER, 1));
        for (int id = 2; id <= 101; id++) {
            keys.add(key(PreKeyKind.ONE_TIME_KYBER, id));
        }
        for (int id = 1; id <= 120; id++) {
            keys.add(key(PreKeyKind.ONE_TIME_EC, id));
        }
        List<KeyStatements.Statement> statements = KeyStatements.insertPreKeys(device, keys, Instant.EPOCH);

        // signed: 1 statement; Kyber (101 rows): 3; EC (120 rows): 3.
        assertEquals(7, statements.size());
        for (KeyStatements.Statement statement : statements) {
            assertEquals(statement.sql().chars().filter(c -> c == '?').count(), statement.parameters().size(),
                    statement.sql());
            assertTrue(statement.sql().contains("ON CONFLICT (user_id, device_id, prekey_id) DO UPDATE SET"),
                    "a reissued id replaces the old key");
        }
        assertTrue(statements.get(0).sql().startsWith("INSERT INTO signal_signed_prekeys"));
        assertTrue(statements.get(1).sql().startsWith("INSERT INTO signal_kyber_prekeys"));
        assertEquals(50 * 8, statements.get(1).parameters().size());
        assertEquals(true, statements.get(1).parameters().get(3), "the first Kyber row is the last-resort key");
        assertEquals(false, statements.get(1).parameters().get(8 + 3));
        assertEquals(8, statements.get(3).parameters().size(), "101 Kyber rows: 50 + 50 + 1");
        assertTrue(statements.get(4).sql().startsWith("INSERT INTO signal_prekeys"));
        assertEquals(20 * 6, statements.get(6).parameters().size());
        assertEquals((short) 3, statements.get(6).parameters().get(1));
    }

    @Test
    void retiringALastResortKeyDeletesItsUseRecordsButNeverAOneTimeKey() {
        List<KeyStatements.Statement> statements = KeyStatements.retire(device, PreKeyKind.LAST_RESORT_KYBER,
                List.of(1, 102));
        assertEquals(4, statements.size());
        assertTrue(statements.get(0).sql().endsWith("AND prekey_id = ? AND last_resort"));
        assertTrue(statements.get(1).sql().contains("signal_kyber_prekey_uses")
                && statements.get(1).sql().endsWith("kyber_prekey_id = ?"));
        assertEquals(102, statements.get(2).parameters().get(2));

        statements = KeyStatements.retire(device, PreKeyKind.SIGNED, List.of(7));
        assertTrue(statements.get(0).sql().startsWith("DELETE FROM signal_signed_prekeys"));
        assertTrue(statements.get(1).sql().endsWith("signed_prekey_id = ?"));
    }
}
