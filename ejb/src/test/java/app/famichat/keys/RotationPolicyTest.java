package app.famichat.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final RotationPolicy policy = RotationPolicy.DEFAULT;

    private static Instant day(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    @Test
    void defaultsAreAWeekAndThirtyDays() {
        assertEquals(Duration.ofDays(7), policy.rotation());
        assertEquals(Duration.ofDays(30), policy.grace());
    }

    @Test
    void aNewKeyIsDueOnceTheNewestIsARotationPeriodOld() {
        List<KeyAge> keys = List.of(new KeyAge(1, day(0)), new KeyAge(2, day(7)));
        assertFalse(policy.isDue(keys, day(13)));
        assertTrue(policy.isDue(keys, day(14)));
        assertTrue(policy.isDue(List.of(), day(0)), "a device without a key gets one");
    }

    @Test
    void aReplacedKeyStaysForTheGracePeriodCountedFromItsReplacement() {
        List<KeyAge> keys = List.of(new KeyAge(1, day(0)), new KeyAge(2, day(8)));
        // Key 1 was replaced on day 8: kept until day 38, whatever its own age.
        assertEquals(List.of(), policy.retired(keys, day(37)));
        assertEquals(List.of(1), policy.retired(keys, day(38)));
    }

    @Test
    void theNewestKeyIsNeverRetiredHoweverOld() {
        assertEquals(List.of(), policy.retired(List.of(new KeyAge(1, day(0))), day(400)));
        assertEquals(List.of(1, 2), policy.retired(
                List.of(new KeyAge(3, day(20)), new KeyAge(1, day(0)), new KeyAge(2, day(10))), day(400)));
    }

    @Test
    void aKeyReplacedLateIsNotDeletedEarly() {
        // The server was off for two months: key 1 was current until day 60 and stays until day 90.
        List<KeyAge> keys = List.of(new KeyAge(1, day(0)), new KeyAge(2, day(60)));
        assertEquals(List.of(), policy.retired(keys, day(89)));
        assertEquals(List.of(1), policy.retired(keys, day(90)));
    }

    @Test
    void weeklyRotationKeepsTheKeysOfTheLastGracePeriod() {
        List<KeyAge> keys = List.of(new KeyAge(1, day(0)), new KeyAge(2, day(7)), new KeyAge(3, day(14)),
                new KeyAge(4, day(21)), new KeyAge(5, day(28)), new KeyAge(6, day(35)), new KeyAge(7, day(42)));
        // On day 42 the grace period began on day 12: key 2 was current then (replaced on day 14), key 1 was not.
        assertEquals(List.of(1), policy.retired(keys, day(42)));
    }

    @Test
    void sameTimesAreOrderedByIdAsClaimsOrderThem() {
        List<KeyAge> keys = List.of(new KeyAge(5, day(0)), new KeyAge(4, day(0)));
        assertEquals(List.of(4), policy.retired(keys, day(30)));
    }

    @Test
    void withoutGraceAReplacedKeyGoesAtOnce() {
        RotationPolicy noGrace = new RotationPolicy(Duration.ofDays(7), Duration.ZERO);
        assertEquals(List.of(1), noGrace.retired(List.of(new KeyAge(1, day(0)), new KeyAge(2, day(7))), day(7)));
    }

    @Test
    void durationsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new RotationPolicy(Duration.ZERO, Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> new RotationPolicy(Duration.ofDays(1), Duration.ofDays(-1)));
    }
}
