package app.famichat.sessions;

import app.famichat.platform.secrets.SecretFormat;
import java.util.HexFormat;
import java.util.Optional;

/** Bearer tokens: {@code fc1_} + 43 characters of base64url (256 random bits), stored as their SHA-256. */
final class AccessTokens {

    private static final SecretFormat FORMAT = new SecretFormat("fc1_", 32);

    private AccessTokens() {
    }

    static String generate() {
        return FORMAT.generate();
    }

    /** The stored form of a well-formed token; empty for anything that cannot be a token. */
    static Optional<byte[]> hash(String token) {
        return FORMAT.hash(token);
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
