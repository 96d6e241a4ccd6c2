package app.famichat.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartBudgetTest {

    private final Instant start = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void threeRestartsWithinTenMinutesThenNoMore() {
        RestartBudget budget = RestartBudget.standard();
        assertTrue(budget.take(start));
        assertTrue(budget.take(start.plusSeconds(60)));
        assertTrue(budget.take(start.plusSeconds(120)));
        assertEquals(3, budget.usedIn(start.plusSeconds(121)));
        assertFalse(budget.take(start.plusSeconds(599)), "a fourth death within 10 minutes stops Famichat");
    }

    @Test
    void restartsOlderThanTheWindowNoLongerCount() {
        RestartBudget budget = new RestartBudget(3, Duration.ofMinutes(10));
        budget.take(start);
        budget.take(start.plusSeconds(1));
        budget.take(start.plusSeconds(2));
        assertTrue(budget.take(start.plus(Duration.ofMinutes(10))), "the first restart has left the window");
        assertFalse(budget.take(start.plus(Duration.ofMinutes(10)).plusMillis(500)));
    }
}
