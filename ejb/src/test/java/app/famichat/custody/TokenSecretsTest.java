package app.famichat.custody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import app.famichat.platform.Sha256;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TokenSecretsTest {

    private static final String TOKEN = "fc1_" + "A".repeat(43);

    @Test
    void aTokenAlwaysGivesTheSameSecretAndAnotherTokenAnother() {
        byte[] secret = TokenSecrets.of(TOKEN);
        assertEquals(32, secret.length);
        assertArrayEquals(secret, TokenSecrets.of(TOKEN));
        assertFalse(Arrays.equals(secret, TokenSecrets.of("fc1_" + "B".repeat(43))));
    }

    /** The server stores the token's SHA-256: the secret must not be it (a database copy would open the row). */
    @Test
    void theSecretIsNotTheStoredHash() {
        assertFalse(Arrays.equals(Sha256.of(TOKEN), TokenSecrets.of(TOKEN)));
    }
}
