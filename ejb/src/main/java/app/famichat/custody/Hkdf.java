package app.famichat.custody;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869), one 32-byte output block: the key derivation for secrets that are already
 * high-entropy (a bearer token, a recovery code), where a slow hash would add cost and no strength.
 */
final class Hkdf {

    private Hkdf() {
    }

    /** {@code salt} may be empty: no salt is a zero salt (RFC 5869). */
    static byte[] sha256(byte[] inputKeyMaterial, byte[] salt, byte[] info) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] pseudoRandomKey = extract.doFinal(inputKeyMaterial);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            expand.update(info);
            expand.update((byte) 1);
            return expand.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}
