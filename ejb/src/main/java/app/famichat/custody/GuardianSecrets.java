package app.famichat.custody;

import com.codahale.shamir.Scheme;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;

/**
 * Family recovery's secret S (docs/security.md, "Family recovery"): 256 random bits, split into one share per
 * guardian with Shamir's secret sharing over GF(256) ({@code com.codahale:shamir}; any {@code threshold} shares
 * give S back, fewer tell nothing about it), and the key that wraps the keyring key K under S: HKDF-SHA256 of S with
 * a salt of its own (S is random: a slow hash would add nothing).
 */
final class GuardianSecrets {

    static final int SECRET_BYTES = 32;
    static final int SALT_BYTES = 16;
    private static final byte[] INFO = "famichat guardian secret v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private GuardianSecrets() {
    }

    static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    static byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** {@code parts} shares of {@code secret}, keyed by their index (1 to {@code parts}). */
    static Map<Integer, byte[]> split(byte[] secret, int parts, int threshold) {
        return new Scheme(RANDOM, parts, threshold).split(secret);
    }

    /**
     * The secret from shares keyed by their index. Given fewer shares than the threshold it returns a value, but
     * not the secret (nothing says so: the caller checks the count, and the key it derives would not open K).
     */
    static byte[] join(Map<Integer, byte[]> shares) {
        // join only reads the shares; its n and k are not used.
        return new Scheme(RANDOM, 2, 2).join(shares);
    }

    /** The key that wraps K under S. */
    static byte[] wrappingKey(byte[] secret, byte[] salt) {
        return Hkdf.sha256(secret, salt, INFO);
    }
}
