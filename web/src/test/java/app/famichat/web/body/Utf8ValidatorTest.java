package app.famichat.web.body;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {

    private static boolean valid(byte[] bytes, int chunk) {
        Utf8Validator validator = new Utf8Validator();
        for (int i = 0; i < bytes.length; i += chunk) {
            if (!validator.accept(bytes, i, Math.min(chunk, bytes.length - i))) {
                return false;
            }
        }
        return validator.isCompleteAndValid();
    }

    private static boolean validInEveryChunking(byte[] bytes) {
        boolean whole = valid(bytes, Math.max(1, bytes.length));
        for (int chunk = 1; chunk <= 4; chunk++) {
            if (valid(bytes, chunk) != whole) {
                throw new AssertionError("chunking changed the verdict");
            }
        }
        return whole;
    }

    @Test
    void acceptsWellFormedText() {
        for (String text : List.of("", "{\"a\":1}", "Grüße 🌷 中文 \u007f \u0080 \u07ff \u0800 \uffff",
                new String(Character.toChars(0x10FFFF)), "\uFEFF{}")) {
            assertTrue(validInEveryChunking(text.getBytes(StandardCharsets.UTF_8)), text);
        }
    }

    @Test
    void refusesWhatADecoderWouldReplace() {
        for (String hex : List.of(
                "80", "bf", "c0af", "c1bf", "e080af", "f0808080", // stray continuation, overlong forms
                "eda080", "edbfbf", // UTF-16 surrogates
                "f4908080", "f5808080", "ff", "fe", // above U+10FFFF, never valid
                "c3", "e282", "f09f8c", // cut off at the end
                "c328", "e228a1", "7b22613a22c3", "22e2822822")) { // lead byte without its continuation
            assertFalse(validInEveryChunking(HexFormat.of().parseHex(hex)), hex);
        }
    }

    @Test
    void staysInvalidOnceInvalid() {
        Utf8Validator validator = new Utf8Validator();
        assertFalse(validator.accept(new byte[] {(byte) 0xff}, 0, 1));
        assertFalse(validator.accept("ok".getBytes(StandardCharsets.US_ASCII), 0, 2));
        assertFalse(validator.isCompleteAndValid());
    }
}
