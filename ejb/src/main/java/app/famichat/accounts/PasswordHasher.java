package app.famichat.accounts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (Bouncy Castle), stored in the PHC string format with a random 16-byte salt per
 * user, with the parameters of {@link PasswordSettings}; hashes made with other parameters still verify and are
 * re-hashed at the next successful sign-in.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final SecureRandom random = new SecureRandom();

    @Inject
    PasswordSettings settings;

    public PasswordHasher() {
    }

    /** For unit tests, outside CDI. */
    PasswordHasher(PasswordSettings settings) {
        this.settings = settings;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, settings.memoryKib(), settings.iterations(), settings.parallelism(),
                HASH_BYTES);
        return parameters() + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    public boolean verify(String password, String encoded) {
        Matcher phc = PHC.matcher(encoded);
        if (!phc.matches()) {
            return false;
        }
        byte[] expected = B64_DECODER.decode(phc.group(5));
        byte[] actual = argon2(password, B64_DECODER.decode(phc.group(4)), Integer.parseInt(phc.group(1)),
                Integer.parseInt(phc.group(2)), Integer.parseInt(phc.group(3)), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * Verifies against a stored hash, or, for an unknown account, spends the same Argon2 work with the configured
     * parameters on a throw-away salt and answers false: a miss must cost as much time as a wrong password.
     */
    public boolean verify(String password, Optional<String> encoded) {
        if (encoded.isPresent()) {
            return verify(password, encoded.get());
        }
        argon2(password, new byte[SALT_BYTES], settings.memoryKib(), settings.iterations(), settings.parallelism(),
                HASH_BYTES);
        return false;
    }

    /** True when the stored hash was made with other parameters than the configured ones. */
    public boolean needsRehash(String encoded) {
        return !encoded.startsWith(parameters());
    }

    /** The PHC prefix of a hash made now, up to the salt. */
    private String parameters() {
        return "$argon2id$v=19$m=" + settings.memoryKib() + ",t=" + settings.iterations() + ",p="
                + settings.parallelism() + "$";
    }

    /**
     * Argon2id (version 1.3) of the password's UTF-8 bytes: also the locked keyring's password key
     * ({@code custody.PasswordKeys}), with a salt and parameters of its own.
     */
    public static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism,
                                 int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
