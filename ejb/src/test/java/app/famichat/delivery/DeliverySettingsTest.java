package app.famichat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliverySettingsTest {

    @Test
    void theOutageWaitIsFromNothingToAnHour() {
        assertEquals(Duration.ZERO, new DeliverySettings(Duration.ZERO, "DLQ").outageWait());
        assertEquals(Duration.ofHours(1), new DeliverySettings(Duration.ofHours(1), "DLQ").outageWait());
        String refused = assertThrows(IllegalStateException.class,
                () -> new DeliverySettings(Duration.ofMinutes(61), "DLQ")).getMessage();
        assertTrue(refused.startsWith("famichat.fan-out.outage-wait must be between PT0S and PT1H"), refused);
        assertThrows(IllegalStateException.class, () -> new DeliverySettings(Duration.ofSeconds(-1), "DLQ"));
    }

    @Test
    void theDeadLetterQueueHasAName() {
        assertEquals("DLQ.famichat", new DeliverySettings(Duration.ZERO, "DLQ.famichat").deadLetterQueue());
        assertThrows(IllegalStateException.class, () -> new DeliverySettings(Duration.ZERO, " "));
    }
}
