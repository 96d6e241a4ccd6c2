package app.famichat.accounts;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.famichat.platform.errors.FamichatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsTest {

    @Test
    void usernamesAreCaseInsensitive() {
        assertEquals("oma.mueller", Credentials.canonicalUsername("Oma.Mueller"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "-abc", "abc-", "has space", "ünïcode", "abcdefghijabcdefghijabcdefghijabc", "emoji😀x", "nul\u0000x"})
    void refusesBadUsernames(String username) {
        FamichatException e = assertThrows(FamichatException.class, () -> Credentials.canonicalUsername(username));
        assertEquals("username", e.field());
    }

    @Test
    void passwordRules() {
        assertDoesNotThrow(() -> Credentials.checkPassword("password", "correct horse battery", "oma"));
        assertDoesNotThrow(() -> Credentials.checkPassword("password", "𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡𝔰𝔰𝔰", "oma"),
                "non-BMP characters count once");
        assertThrows(FamichatException.class, () -> Credentials.checkPassword("password", "short", "oma"));
        assertThrows(FamichatException.class, () -> Credentials.checkPassword("password", "x".repeat(257), "oma"));
        assertThrows(FamichatException.class, () -> Credentials.checkPassword("password", "grandmother", "grandmother"));
        assertThrows(FamichatException.class, () -> Credentials.checkPassword("password", "with\u0000nul inside", "oma"));
        assertThrows(FamichatException.class, () -> Credentials.checkPassword("password", "lone \uD800 surrogate", "oma"));
    }
}
