package app.famichat.custody;

import java.nio.charset.StandardCharsets;

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
        return Hkdf.sha256(token.getBytes(StandardCharsets.US_ASCII), new byte[0], INFO);
    }
}
