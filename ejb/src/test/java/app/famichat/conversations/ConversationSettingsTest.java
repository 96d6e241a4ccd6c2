package app.famichat.conversations;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConversationSettingsTest {

    @Test
    void aGroupNeedsRoomForItsCreatorAndOneMore() {
        assertDoesNotThrow(() -> settings(30).check());
        assertDoesNotThrow(() -> settings(2).check());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings(1).check());
        assertTrue(refused.getMessage().contains("famichat.group.max-members must be at least 2, not 1"),
                refused.getMessage());
        assertThrows(IllegalStateException.class, () -> settings(0).check());
    }

    private static ConversationSettings settings(int maxGroupMembers) {
        ConversationSettings settings = new ConversationSettings();
        settings.maxGroupMembers = maxGroupMembers;
        return settings;
    }
}
