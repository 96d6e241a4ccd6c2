package app.famichat.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeysTest {

    @TempDir
    Path dir;

    @Test
    void oneInlineKeyIsActiveByDefault() {
        MasterKeys keys = MasterKeys.load(Optional.of(TestKeys.entry("k1")), Optional.empty(), Optional.empty());
        assertEquals("k1", keys.active().id());
    }

    @Test
    void inlineKeysAndTheKeyFileTogetherWithAnActiveKey() throws Exception {
        Path file = keyFile("# rotated in 2026\n\n" + TestKeys.entry("new-2026") + "\n", "rw-------");
        MasterKeys keys = MasterKeys.load(Optional.of(" " + TestKeys.entry("old_1") + " , " + TestKeys.entry("old_2")),
                Optional.of(file), Optional.of("new-2026"));
        assertEquals(List.of("new-2026", "old_1", "old_2"), keys.ids());
        assertEquals("new-2026", keys.active().id());
        assertTrue(keys.find("old_1").isPresent());
        assertTrue(keys.find("nope").isEmpty());
    }

    @Test
    void noKeyAtAllRefusesToStartAndSaysHowToFixIt() {
        String message = refused(Optional.empty(), Optional.empty(), Optional.empty());
        assertTrue(message.contains("no master key configured"), message);
        assertTrue(message.contains("FAMICHAT_VAULT_KEYS") && message.contains("FAMICHAT_VAULT_KEY_FILE"), message);
        assertTrue(refused(Optional.of(" , "), Optional.empty(), Optional.empty()).contains("no master key"));
    }

    @Test
    void badBase64IsRefusedWithoutRepeatingTheKey() {
        String message = refused(Optional.of("k1:not*base64!"), Optional.empty(), Optional.empty());
        assertTrue(message.contains("entry 1 of famichat.vault.keys") && message.contains("base64"), message);
        assertFalse(message.contains("not*base64!"), message);
    }

    @Test
    void aKeyOfTheWrongLengthIsRefused() {
        String shortKey = TestKeys.base64(16);
        String message = refused(Optional.of(TestKeys.entry("ok") + ",k2:" + shortKey), Optional.empty(),
                Optional.of("ok"));
        assertTrue(message.contains("entry 2") && message.contains("'k2'") && message.contains("32 bytes")
                && message.contains("not 16"), message);
        assertFalse(message.contains(shortKey), message);
    }

    @Test
    void badIdsAndEntriesWithoutAnIdAreRefused() {
        assertTrue(refused(Optional.of(TestKeys.base64(32)), Optional.empty(), Optional.empty())
                .contains("id:base64-key"));
        assertTrue(refused(Optional.of("bad id:" + TestKeys.base64(32)), Optional.empty(), Optional.empty())
                .contains("1-32 characters"));
        assertTrue(refused(Optional.of("x".repeat(33) + ":" + TestKeys.base64(32)), Optional.empty(),
                Optional.empty()).contains("1-32 characters"));
    }

    @Test
    void anUnknownActiveKeyIsRefused() {
        String message = refused(Optional.of(TestKeys.entry("a")), Optional.empty(), Optional.of("b"));
        assertTrue(message.contains("active key 'b'") && message.contains("[a]"), message);
    }

    @Test
    void severalKeysNeedAnActiveOne() {
        String message = refused(Optional.of(TestKeys.entry("a") + "," + TestKeys.entry("b")), Optional.empty(),
                Optional.empty());
        assertTrue(message.contains("FAMICHAT_VAULT_ACTIVE_KEY"), message);
    }

    @Test
    void duplicateIdsAreRefused() throws Exception {
        Path file = keyFile(TestKeys.entry("a") + "\n", "rw-------");
        String message = refused(Optional.of(TestKeys.entry("a")), Optional.of(file), Optional.empty());
        assertTrue(message.contains("'a' is configured twice"), message);
    }

    @Test
    void aKeyFileOthersMayReadIsRefused() throws Exception {
        for (String permissions : List.of("rw-r-----", "rw----r--", "rw--w----", "rwx---r-x")) {
            Path file = keyFile(TestKeys.entry("a") + "\n", permissions);
            String message = refused(Optional.empty(), Optional.of(file), Optional.empty());
            assertTrue(message.contains("accessible to group or others") && message.contains("chmod 600"), message);
        }
    }

    @Test
    void aMissingKeyFileIsRefused() {
        String message = refused(Optional.empty(), Optional.of(dir.resolve("absent.keys")), Optional.empty());
        assertTrue(message.contains("absent.keys") && message.contains("does not exist"), message);
    }

    @Test
    void aBadLineInTheKeyFileIsNamedByNumber() throws Exception {
        Path file = keyFile("# comment\n" + TestKeys.entry("a") + "\nb:" + TestKeys.base64(31) + "\n", "rw-------");
        String message = refused(Optional.empty(), Optional.of(file), Optional.empty());
        assertTrue(message.contains("line 3 of " + file), message);
    }

    private Path keyFile(String content, String permissions) throws Exception {
        Path file = Files.createTempFile(dir, "vault", ".keys");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static String refused(Optional<String> inline, Optional<Path> file, Optional<String> active) {
        VaultException refused = assertThrows(VaultException.class, () -> MasterKeys.load(inline, file, active));
        assertEquals(VaultException.Reason.CONFIGURATION, refused.reason());
        return refused.getMessage();
    }
}
