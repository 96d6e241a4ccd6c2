package app.famichat.families;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FamilySettingsTest {

    @Test
    void theDefaultsAndTheSmallestUsefulValuesPass() {
        assertDoesNotThrow(() -> settings(30, Duration.ofDays(7)).check());
        assertDoesNotThrow(() -> settings(2, Duration.ofMinutes(1)).check());
    }

    /** With one member no invite could be accepted; before, that deployed and every join answered 409. */
    @Test
    void aFamilyOfFewerThanTwoIsRefusedNamingTheSetting() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> settings(1, Duration.ofDays(7)).check());
        assertTrue(refused.getMessage().contains("famichat.family.max-members must be at least 2, not 1"),
                refused.getMessage());
    }

    @Test
    void anInviteLifetimeUnderAMinuteIsRefused() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> settings(30, Duration.ofSeconds(59)).check());
        assertTrue(refused.getMessage().contains("famichat.invite.lifetime"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> settings(30, Duration.ofDays(-7)).check());
    }

    private static FamilySettings settings(int maxMembers, Duration inviteLifetime) {
        FamilySettings settings = new FamilySettings();
        settings.maxMembers = maxMembers;
        settings.inviteLifetime = inviteLifetime;
        return settings;
    }
}
