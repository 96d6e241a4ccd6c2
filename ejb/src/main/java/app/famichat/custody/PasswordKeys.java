package app.famichat.custody;

import app.famichat.accounts.PasswordHasher;
import app.famichat.vault.Keyring;
import java.security.SecureRandom;

/**
 * The key that wraps a locked user's keyring key under their password: Argon2id with a random 16-byte salt of its
 * own (never the sign-in hash's, so the stored hash says nothing about this key) and the parameters stored with
 * the keyring.
 */
final class PasswordKeys {

    static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Argon2id parameters, as stored with each keyring. */
    record Parameters(int memoryKib, int iterations, int parallelism) {
    }

    private PasswordKeys() {
    }

    static byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }

    static byte[] derive(String password, byte[] salt, Parameters parameters) {
        return PasswordHasher.argon2(password, salt, parameters.memoryKib(), parameters.iterations(),
                parameters.parallelism(), Keyring.KEY_BYTES);
    }
}
