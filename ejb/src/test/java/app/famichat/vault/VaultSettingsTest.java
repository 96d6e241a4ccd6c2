package app.famichat.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VaultSettingsTest {

    @Test
    void validKeysLoadWithTheActiveOne() {
        VaultSettings settings = settings(Optional.of(TestKeys.entry("k1") + "," + TestKeys.entry("k2")),
                Optional.of("k2"));
        settings.check();
        assertEquals(List.of("k1", "k2"), settings.masterKeys().ids().stream().sorted().toList());
        assertEquals("k2", settings.masterKeys().active().id());
    }

    @Test
    void withoutAKeyTheDeploymentStopsNamingTheSetting() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> settings(Optional.empty(), Optional.empty()).check());
        assertTrue(refused.getMessage().contains("famichat.vault.keys"), refused.getMessage());
    }

    /** The message says what is wrong with the keys and never repeats one. */
    @Test
    void aRefusalNeverShowsKeyMaterial() {
        String k1 = TestKeys.entry("k1");
        String k2 = TestKeys.entry("k2");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> settings(Optional.of(k1 + "," + k2), Optional.of("k3")).check());
        assertTrue(refused.getMessage().contains("famichat.vault.active-key"), refused.getMessage());
        assertFalse(refused.getMessage().contains(k1.substring(3)), "no key material");
        assertFalse(refused.getMessage().contains(k2.substring(3)), "no key material");
    }

    private static VaultSettings settings(Optional<String> keys, Optional<String> activeKey) {
        VaultSettings settings = new VaultSettings();
        settings.inlineKeys = keys;
        settings.keyFile = Optional.empty();
        settings.activeKeyId = activeKey;
        return settings;
    }
}
