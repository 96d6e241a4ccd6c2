package app.famichat.platform.secrets;

import app.famichat.platform.Sha256;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A kind of opaque secret handed to clients (bearer tokens, invite codes): a versioned prefix, which lets secret
 * scanners and people recognise it, then base64url random bytes. Only its SHA-256 is stored: a random secret of
 * 128 bits or more needs no slow hash.
 */
public final class SecretFormat {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final int randomBytes;
    private final Pattern format;

    public SecretFormat(String prefix, int randomBytes) {
        if (randomBytes < 16) {
            throw new IllegalArgumentException("A secret needs at least 128 random bits");
        }
        this.prefix = prefix;
        this.randomBytes = randomBytes;
        int encodedLength = (randomBytes * 4 + 2) / 3;
        this.format = Pattern.compile(Pattern.quote(prefix) + "[A-Za-z0-9_-]{" + encodedLength + "}");
    }

    public String generate() {
        byte[] secret = new byte[randomBytes];
        RANDOM.nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The stored form of a well-formed secret; empty for anything that cannot be one (no lookup needed). */
    public Optional<byte[]> hash(String candidate) {
        if (candidate == null || !format.matcher(candidate).matches()) {
            return Optional.empty();
        }
        return Optional.of(Sha256.of(candidate));
    }
}
