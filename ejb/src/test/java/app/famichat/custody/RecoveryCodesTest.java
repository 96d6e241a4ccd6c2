package app.famichat.custody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    /** RFC 4648 section 10: BASE32("fooba") = "MZXW6YTB", so these 20 bytes read as four times that. */
    @Test
    void formatsRfc4648Base32InGroupsOfFour() {
        byte[] fooba = "foobafoobafoobafooba".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals("MZXW-6YTB-MZXW-6YTB-MZXW-6YTB-MZXW-6YTB", RecoveryCodes.format(fooba));
    }

    @Test
    void aFormattedCodeParsesBackHoweverItIsTyped() {
        byte[] code = RecoveryCodes.newCode();
        String shown = RecoveryCodes.format(code);
        assertEquals(39, shown.length());
        assertArrayEquals(code, RecoveryCodes.parse(shown).orElseThrow());
        assertArrayEquals(code, RecoveryCodes.parse(" " + shown.toLowerCase().replace("-", " ") + "\n")
                .orElseThrow());
        assertArrayEquals(code, RecoveryCodes.parse(shown.replace('O', '0').replace('I', '1').replace('B', '8'))
                .orElseThrow());
    }

    @Test
    void whatIsNotACodeIsRefused() {
        String shown = RecoveryCodes.format(RecoveryCodes.newCode());
        assertTrue(RecoveryCodes.parse(shown.substring(1)).isEmpty(), "one character short");
        assertTrue(RecoveryCodes.parse(shown + "A").isEmpty(), "one too many");
        assertTrue(RecoveryCodes.parse("!" + shown.substring(1)).isEmpty());
        assertTrue(RecoveryCodes.parse(null).isEmpty());
        assertTrue(RecoveryCodes.parse("A".repeat(10_000)).isEmpty());
    }

    @Test
    void theWrappingKeyDependsOnCodeAndSalt() {
        byte[] code = HexFormat.of().parseHex("00".repeat(20));
        byte[] salt = RecoveryCodes.newSalt();
        byte[] key = RecoveryCodes.wrappingKey(code, salt);
        assertEquals(32, key.length);
        assertArrayEquals(key, RecoveryCodes.wrappingKey(code, salt));
        assertFalse(Arrays.equals(key, RecoveryCodes.wrappingKey(code, RecoveryCodes.newSalt())));
        assertFalse(Arrays.equals(key, RecoveryCodes.wrappingKey(RecoveryCodes.newCode(), salt)));
    }
}
