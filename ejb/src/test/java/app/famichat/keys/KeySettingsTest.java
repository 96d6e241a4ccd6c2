package app.famichat.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeySettingsTest {

    private static KeySettings settings(int lowWater, int target, Duration interval) {
        KeySettings settings = new KeySettings();
        settings.lowWater = lowWater;
        settings.target = target;
        settings.rotation = Duration.ofDays(7);
        settings.grace = Duration.ofDays(30);
        settings.interval = interval;
        settings.check();
        return settings;
    }

    @Test
    void theDefaultsGiveTheDefaultPolicies() {
        KeySettings settings = settings(20, 100, Duration.ofMinutes(10));
        assertEquals(StockPolicy.DEFAULT, settings.stock());
        assertEquals(RotationPolicy.DEFAULT, settings.rotation());
    }

    @Test
    void aBadValueIsRefusedNamingItsKey() {
        Exception lowWater = assertThrows(IllegalStateException.class, () -> settings(101, 100, Duration.ofMinutes(1)));
        assertTrue(lowWater.getMessage().contains("famichat.keys.one-time.low-water"), lowWater.getMessage());
        Exception interval = assertThrows(IllegalStateException.class, () -> settings(20, 100, Duration.ZERO));
        assertTrue(interval.getMessage().contains("famichat.keys.maintenance.interval"), interval.getMessage());
    }
}
