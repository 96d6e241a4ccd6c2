package app.famichat.reseal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResealSettingsTest {

    @Test
    void theBatchSizeIsBetweenOneAndTenThousand() {
        assertDoesNotThrow(() -> settings(false, 100).check());
        assertDoesNotThrow(() -> settings(true, 1).check());
        assertDoesNotThrow(() -> settings(true, ResealSettings.MAX_BATCH).check());
        assertThrows(IllegalStateException.class, () -> settings(true, ResealSettings.MAX_BATCH + 1).check());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings(true, 0).check());
        assertTrue(refused.getMessage().contains("famichat.vault.reseal-batch-size"), refused.getMessage());
    }

    /** A wrong batch size is found before the day the job is switched on. */
    @Test
    void theBatchSizeIsCheckedEvenWhenTheJobDoesNotRun() {
        assertThrows(IllegalStateException.class, () -> settings(false, 0).check());
    }

    private static ResealSettings settings(boolean onStart, int batchSize) {
        ResealSettings settings = new ResealSettings();
        settings.onStart = onStart;
        settings.batchSize = batchSize;
        return settings;
    }
}
