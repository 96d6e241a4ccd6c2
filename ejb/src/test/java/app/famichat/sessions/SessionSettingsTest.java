package app.famichat.sessions;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionSettingsTest {

    @Test
    void aSessionLastsAtLeastAMinute() {
        assertDoesNotThrow(() -> settings(Duration.ofDays(30)).check());
        assertDoesNotThrow(() -> settings(Duration.ofMinutes(1)).check());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> settings(Duration.ofSeconds(30)).check());
        assertTrue(refused.getMessage().contains("famichat.session.lifetime"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> settings(Duration.ofDays(-1)).check());
    }

    private static SessionSettings settings(Duration lifetime) {
        SessionSettings settings = new SessionSettings();
        settings.lifetime = lifetime;
        return settings;
    }
}
