package app.famichat.web.body;

/**
 * Checks that a byte stream is well-formed UTF-8 (RFC 3629), chunk by chunk: no overlong forms, no UTF-16
 * surrogates (ED A0..BF), nothing above U+10FFFF, no stray continuation bytes, nothing cut off at the end.
 * A decoder would silently turn each of these into U+FFFD; Famichat refuses them instead.
 */
public final class Utf8Validator {

    private int continuationsNeeded;
    private int lowest = 0x80;
    private int highest = 0xBF;

    /** Feeds the next bytes; false once the stream is malformed (and from then on). */
    public boolean accept(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (!accept(bytes[i] & 0xFF)) {
                continuationsNeeded = -1;
                return false;
            }
        }
        return continuationsNeeded >= 0;
    }

    private boolean accept(int b) {
        if (continuationsNeeded < 0) {
            return false;
        }
        if (continuationsNeeded > 0) {
            if (b < lowest || b > highest) {
                return false;
            }
            continuationsNeeded--;
            lowest = 0x80;
            highest = 0xBF;
            return true;
        }
        if (b <= 0x7F) {
            return true;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            continuationsNeeded = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            continuationsNeeded = 2;
            lowest = b == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
            highest = b == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
        } else if (b >= 0xF0 && b <= 0xF4) {
            continuationsNeeded = 3;
            lowest = b == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
            highest = b == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
        } else {
            return false; // 80..C1 (continuation or overlong lead), F5..FF
        }
        return true;
    }

    /** Whether everything fed so far is complete, well-formed UTF-8. */
    public boolean isCompleteAndValid() {
        return continuationsNeeded == 0;
    }
}
