package app.famichat.vault;

import java.security.SecureRandom;
import java.util.Base64;

/** Fresh random master keys in their configured form, {@code id:base64}. */
final class TestKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    static String entry(String id) {
        return id + ":" + base64(32);
    }

    static String base64(int bytes) {
        byte[] key = new byte[bytes];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static MasterKey key(String id) {
        return MasterKey.parse(entry(id), "test key");
    }
}
