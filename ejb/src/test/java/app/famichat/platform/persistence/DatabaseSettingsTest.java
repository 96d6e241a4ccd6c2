package app.famichat.platform.persistence;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void withoutAUrlTheDeploymentStopsSayingWhatToSet() {
        assertDoesNotThrow(() -> settings("jdbc:postgresql://db/famichat").check());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings(" ").check());
        assertTrue(refused.getMessage().contains("FAMICHAT_DB_URL") && refused.getMessage().contains("famichat.db.url"),
                refused.getMessage());
    }

    private static DatabaseSettings settings(String url) {
        DatabaseSettings settings = new DatabaseSettings();
        settings.url = url;
        return settings;
    }
}
