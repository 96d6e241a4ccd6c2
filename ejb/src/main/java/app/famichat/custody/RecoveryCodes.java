package app.famichat.custody;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * A recovery code (docs/security.md, "Recovery code"): 160 random bits written as 32 characters of RFC 4648
 * base32 in eight groups of four ({@code ABCD-EFGH-...}). 160 bits are beyond any offline search even through a
 * fast key derivation, so the key that wraps K is HKDF-SHA256 of the code's bits with a salt of its own (no
 * Argon2 is needed, as for the bearer tokens' 256 bits). Typing is forgiving: case, spaces and hyphens do not
 * matter, and the digits 0, 1 and 8, which base32 leaves out, are read as O, I and B.
 */
final class RecoveryCodes {

    static final int CODE_BYTES = 20;
    static final int SALT_BYTES = 16;
    private static final int CHARACTERS = CODE_BYTES * 8 / 5;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final byte[] INFO = "famichat recovery code v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {
    }

    /** The bits of a new code. */
    static byte[] newCode() {
        byte[] code = new byte[CODE_BYTES];
        RANDOM.nextBytes(code);
        return code;
    }

    static byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** The code as shown to its owner, once. */
    static String format(byte[] code) {
        StringBuilder text = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : code) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                if (!text.isEmpty() && text.length() % 5 == 4) {
                    text.append('-');
                }
                text.append(ALPHABET.charAt((buffer >> bits) & 31));
            }
        }
        return text.toString();
    }

    /** The bits of a typed code; empty if it is not one (wrong length or characters). */
    static Optional<byte[]> parse(String typed) {
        if (typed == null || typed.length() > CHARACTERS * 3) {
            return Optional.empty();
        }
        String compact = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "")
                .replace('0', 'O').replace('1', 'I').replace('8', 'B');
        if (compact.length() != CHARACTERS) {
            return Optional.empty();
        }
        byte[] code = new byte[CODE_BYTES];
        int buffer = 0;
        int bits = 0;
        int next = 0;
        for (int i = 0; i < compact.length(); i++) {
            int value = ALPHABET.indexOf(compact.charAt(i));
            if (value < 0) {
                return Optional.empty();
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                code[next++] = (byte) (buffer >> bits);
            }
        }
        return Optional.of(code);
    }

    /** The key that wraps K under this code. */
    static byte[] wrappingKey(byte[] code, byte[] salt) {
        return Hkdf.sha256(code, salt, INFO);
    }
}
