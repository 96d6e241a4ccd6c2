package app.famichat.custody;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret a bearer token carries for its unlock row: HKDF-SHA256 (RFC 5869) of the token with its own "info".
 * The server stores only the token's SHA-256 (sessions.AccessTokens), from which this key cannot be computed: a
 * copy of the database opens no unlock row. The token holds 256 random bits, so no slow hash is needed.
 */
final class TokenSecrets {

    private static final byte[] INFO = "famichat keyring unlock v1".getBytes(StandardCharsets.US_ASCII);

    private TokenSecrets() {
    }

    static byte[] of(String token) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(new byte[32], "HmacSHA256")); // no salt is a zero salt (RFC 5869)
            byte[] pseudoRandomKey = extract.doFinal(token.getBytes(StandardCharsets.US_ASCII));
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            expand.update(INFO);
            expand.update((byte) 1);
            return expand.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}
