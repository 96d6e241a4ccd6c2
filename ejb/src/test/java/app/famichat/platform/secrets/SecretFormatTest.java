package app.famichat.platform.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretFormatTest {

    private final SecretFormat format = new SecretFormat("xy1_", 16);

    @Test
    void secretsArePrefixedUrlSafeAndRandom() {
        String secret = format.generate();
        assertTrue(secret.matches("xy1_[A-Za-z0-9_-]{22}"), secret);
        assertNotEquals(secret, format.generate());
    }

    @Test
    void theHashIsAStableSha256OfTheWholeSecret() {
        String secret = format.generate();
        byte[] hash = format.hash(secret).orElseThrow();
        assertEquals(32, hash.length);
        assertArrayEquals(hash, format.hash(secret).orElseThrow());
    }

    @Test
    void anythingThatCannotBeASecretHasNoHash() {
        String secret = format.generate();
        assertTrue(format.hash(null).isEmpty());
        assertTrue(format.hash("").isEmpty());
        assertTrue(format.hash(secret + "A").isEmpty());
        assertTrue(format.hash("zz1_" + secret.substring(4)).isEmpty());
        assertTrue(format.hash(secret.substring(0, 10) + "+" + secret.substring(11)).isEmpty());
        assertTrue(new SecretFormat("fc1_", 32).hash(secret).isEmpty(), "another format's secret");
    }

    @Test
    void fewerThan128BitsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SecretFormat("x_", 15));
    }
}
