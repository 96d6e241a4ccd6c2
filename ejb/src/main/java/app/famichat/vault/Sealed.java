package app.famichat.vault;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stored form of a sealed value, version 1:
 * <pre>
 * version (1 byte, = 1) | key id length (1 byte, 1-32) | key id (ASCII) | nonce (12 bytes) | ciphertext + GCM tag (16 bytes)
 * </pre>
 * The header (version, key id length, key id) is authenticated too: it is part of the associated data.
 *
 * @param header the version, key id length and key id, as stored
 * @param body   the AES-GCM output: ciphertext followed by the 16-byte tag
 */
record Sealed(byte[] header, String keyId, byte[] nonce, byte[] body) {

    static final byte VERSION = 1;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    static byte[] header(String keyId) {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] header = new byte[2 + id.length];
        header[0] = VERSION;
        header[1] = (byte) id.length;
        System.arraycopy(id, 0, header, 2, id.length);
        return header;
    }

    /** Reads the header and splits the rest; nothing is authenticated yet. */
    static Sealed parse(byte[] stored) {
        if (stored == null || stored.length < 2) {
            throw malformed(null, "too short to hold a header");
        }
        if (stored[0] != VERSION) {
            throw new VaultException(VaultException.Reason.UNKNOWN_VERSION, null,
                    "Key vault: unknown ciphertext format version " + (stored[0] & 0xff));
        }
        int idLength = stored[1] & 0xff;
        if (idLength < 1 || idLength > 32 || stored.length < 2 + idLength) {
            throw malformed(null, "no valid key id in the header");
        }
        String keyId = new String(stored, 2, idLength, StandardCharsets.US_ASCII);
        if (!MasterKey.ID.matcher(keyId).matches()) {
            throw malformed(null, "no valid key id in the header");
        }
        int nonceStart = 2 + idLength;
        int bodyStart = nonceStart + NONCE_BYTES;
        if (stored.length < bodyStart + TAG_BYTES) {
            throw malformed(keyId, "truncated (" + stored.length + " bytes)");
        }
        return new Sealed(Arrays.copyOf(stored, nonceStart), keyId,
                Arrays.copyOfRange(stored, nonceStart, bodyStart), Arrays.copyOfRange(stored, bodyStart, stored.length));
    }

    byte[] toBytes() {
        byte[] stored = new byte[header.length + nonce.length + body.length];
        System.arraycopy(header, 0, stored, 0, header.length);
        System.arraycopy(nonce, 0, stored, header.length, nonce.length);
        System.arraycopy(body, 0, stored, header.length + nonce.length, body.length);
        return stored;
    }

    private static VaultException malformed(String keyId, String what) {
        return new VaultException(VaultException.Reason.MALFORMED, keyId,
                "Key vault: malformed ciphertext" + (keyId == null ? "" : " (key '" + keyId + "')") + ": " + what);
    }
}
