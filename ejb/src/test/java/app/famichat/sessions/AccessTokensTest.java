package app.famichat.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccessTokensTest {

    @Test
    void tokensAreRandomPrefixedAndHashable() {
        String token = AccessTokens.generate();
        assertTrue(token.matches("fc1_[A-Za-z0-9_-]{43}"), token);
        assertNotEquals(token, AccessTokens.generate());
        assertEquals(32, AccessTokens.hash(token).orElseThrow().length);
    }

    @Test
    void anythingElseHasNoHash() {
        assertTrue(AccessTokens.hash(null).isEmpty());
        assertTrue(AccessTokens.hash("fc1_short").isEmpty());
        assertTrue(AccessTokens.hash("Bearer fc1_" + "a".repeat(43)).isEmpty());
        assertTrue(AccessTokens.hash("fc1_" + "a".repeat(42) + "=").isEmpty());
    }
}
