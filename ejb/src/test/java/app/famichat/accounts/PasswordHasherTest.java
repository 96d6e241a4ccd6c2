package app.famichat.accounts;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    /** Small parameters keep the test fast; the format and logic are the same. */
    private final PasswordHasher hasher = new PasswordHasher(settings(1024, 1, 1));

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("correct horse battery");
        assertTrue(hash.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), hash);
        assertTrue(hasher.verify("correct horse battery", hash));
        assertFalse(hasher.verify("correct horse batterY", hash));
    }

    @Test
    void saltsEveryHash() {
        assertNotEquals(hasher.hash("same password"), hasher.hash("same password"));
    }

    @Test
    void hashesWithOtherParametersStillVerifyAndAskForARehash() {
        String old = new PasswordHasher(settings(512, 1, 1)).hash("correct horse battery");
        assertTrue(hasher.verify("correct horse battery", old));
        assertTrue(hasher.needsRehash(old));
        assertFalse(hasher.needsRehash(hasher.hash("x")));
    }

    @Test
    void garbageNeverVerifies() {
        assertFalse(hasher.verify("x", "not a hash"));
        assertFalse(hasher.verify("x", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA"));
    }

    @Test
    void settingsAreCheckedAtDeploy() {
        assertDoesNotThrow(() -> settings(19456, 2, 1).check());
        assertDoesNotThrow(() -> settings(32, 1, 4).check());
        IllegalStateException noPass = assertThrows(IllegalStateException.class, () -> settings(19456, 0, 1).check());
        assertTrue(noPass.getMessage().contains("famichat.password.argon2.iterations"), noPass.getMessage());
        assertThrows(IllegalStateException.class, () -> settings(19456, 2, 0).check());
        IllegalStateException tooLittle = assertThrows(IllegalStateException.class, () -> settings(31, 1, 4).check());
        assertTrue(tooLittle.getMessage().contains("famichat.password.argon2.memory-kib must be at least 32"),
                tooLittle.getMessage());
    }

    /** Unchecked, so that the hashing tests can use parameters too small for production. */
    private static PasswordSettings settings(int memoryKib, int iterations, int parallelism) {
        PasswordSettings settings = new PasswordSettings();
        settings.memoryKib = memoryKib;
        settings.iterations = iterations;
        settings.parallelism = parallelism;
        return settings;
    }
}
