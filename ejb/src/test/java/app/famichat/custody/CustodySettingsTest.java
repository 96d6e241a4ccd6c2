package app.famichat.custody;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CustodySettingsTest {

    @Test
    void eitherCustodyCanBeTheDefaultAndKeyringsWrapWithOwaspsArgon2Minimum() {
        CustodySettings settings = settings("locked");
        settings.check();
        assertEquals(KeyCustody.LOCKED, settings.forNewAccounts());
        assertEquals(new PasswordKeys.Parameters(19456, 2, 1), settings.argon2());
        CustodySettings hosted = settings("hosted");
        hosted.check();
        assertEquals(KeyCustody.HOSTED, hosted.forNewAccounts());
    }

    @Test
    void anUnknownCustodyFailsTheDeploymentNamingTheSetting() {
        for (String value : new String[] {"LOCKED", "", "server"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings(value).check());
            assertTrue(refused.getMessage().contains("famichat.custody.default"), refused.getMessage());
        }
    }

    @Test
    void argon2AndTheSweepsAreBounded() {
        refused("famichat.custody.argon2.iterations", settings -> settings.iterations = 0);
        refused("famichat.custody.argon2.parallelism", settings -> settings.parallelism = 0);
        refused("famichat.custody.argon2.memory-kib", settings -> {
            settings.parallelism = 4;
            settings.memoryKib = 31;
        });
        refused("famichat.custody.sweep-interval", settings -> settings.sweepInterval = Duration.ZERO);
        refused("famichat.custody.send-key-lifetime", settings -> settings.sendKeyLifetime = Duration.ofMinutes(59));
        CustodySettings smallest = settings("hosted");
        smallest.memoryKib = 8;
        assertDoesNotThrow(smallest::check);
    }

    private static void refused(String key, Consumer<CustodySettings> change) {
        CustodySettings settings = settings("hosted");
        change.accept(settings);
        IllegalStateException refused = assertThrows(IllegalStateException.class, settings::check);
        assertTrue(refused.getMessage().contains(key), refused.getMessage());
    }

    private static CustodySettings settings(String defaultCustody) {
        CustodySettings settings = new CustodySettings();
        settings.defaultCustody = defaultCustody;
        settings.memoryKib = 19456;
        settings.iterations = 2;
        settings.parallelism = 1;
        settings.sweepInterval = Duration.ofMinutes(5);
        settings.sendKeyLifetime = Duration.ofDays(7);
        return settings;
    }
}
