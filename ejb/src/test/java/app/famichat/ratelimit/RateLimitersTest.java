package app.famichat.ratelimit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

class RateLimitersTest {

    @Test
    void parsesLimits() {
        assertEquals(new RateLimit(20, Duration.ofSeconds(10)), RateLimit.parse("20/PT10S"));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("20 per minute"));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("0/PT1M"));
    }

    @Test
    void refusesOverTheLimitWithRetryAfterUntilTheWindowEnds() {
        RateLimiters limiters = limiters(Map.of("famichat.rate-limit.send-device-burst", "3/PT10S"),
                Instant.parse("2026-11-25T10:00:04Z"));
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limiters.check(Limiter.SEND_DEVICE_BURST, "device-1"));
        }
        FamichatException refused = assertThrows(FamichatException.class,
                () -> limiters.check(Limiter.SEND_DEVICE_BURST, "device-1"));
        assertEquals(Failure.RATE_LIMITED, refused.failure());
        assertEquals(6, refused.retryAfterSeconds(), "window 10:00:00-10:00:10, now 10:00:04");
        assertDoesNotThrow(() -> limiters.check(Limiter.SEND_DEVICE_BURST, "device-2"), "keys are separate");
    }

    @Test
    void checkAllRefusesAtTheFirstLimitOverAndDoesNotCountTheOnesAfterIt() {
        RateLimiters limiters = limiters(Map.of("famichat.rate-limit.send-device-burst", "2/PT10S",
                "famichat.rate-limit.send-device", "100/PT1M", "famichat.rate-limit.send-user", "100/PT1M"),
                Instant.parse("2026-11-25T10:00:04Z"));
        var checks = List.of(Map.entry(Limiter.SEND_DEVICE_BURST, "d"), Map.entry(Limiter.SEND_DEVICE, "d"),
                Map.entry(Limiter.SEND_USER, "u"));
        limiters.checkAll(checks);
        limiters.checkAll(checks);
        FamichatException refused = assertThrows(FamichatException.class, () -> limiters.checkAll(checks));
        assertEquals(Failure.RATE_LIMITED, refused.failure());
        assertEquals(6, refused.retryAfterSeconds());
        // The refused burst hit counted; the sustained and per-user limits saw only the two accepted sends.
        for (int i = 0; i < 98; i++) {
            limiters.check(Limiter.SEND_DEVICE, "d");
        }
        assertThrows(FamichatException.class, () -> limiters.check(Limiter.SEND_DEVICE, "d"));
    }

    @Test
    void defaultsMatchTheDesign() {
        RateLimiters limiters = limiters(Map.of(), Instant.now());
        assertEquals(RateLimit.parse("20/PT10S"), limiters.limitOf(Limiter.SEND_DEVICE_BURST));
        assertEquals(RateLimit.parse("120/PT1M"), limiters.limitOf(Limiter.SEND_DEVICE));
        assertEquals(RateLimit.parse("180/PT1M"), limiters.limitOf(Limiter.SEND_USER));
    }

    @Test
    void keysAreStoredHashed() {
        String hashed = RateLimiters.hash(Limiter.SIGN_IN_ADDRESS, "192.0.2.7");
        assertEquals(64, hashed.length());
        assertFalse(hashed.contains("192"));
    }

    private static RateLimiters limiters(Map<String, String> settings, Instant now) {
        RateLimiters limiters = new RateLimiters();
        Map<String, Integer> counts = new HashMap<>();
        limiters.windows = new RateLimitWindows() {
            @Override
            public int hit(String limiter, String keyHash, Instant windowStart) {
                return counts.merge(limiter + keyHash + windowStart, 1, Integer::sum);
            }
        };
        limiters.config = new MapConfig(settings);
        limiters.clock = Clock.fixed(now, ZoneOffset.UTC);
        limiters.configure();
        return limiters;
    }

    /** Just enough of MicroProfile Config for the limiters. */
    private record MapConfig(Map<String, String> values) implements Config {
        @Override
        public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
            return Optional.ofNullable(type.cast(values.get(name)));
        }

        @Override
        public <T> T getValue(String name, Class<T> type) {
            return getOptionalValue(name, type).orElseThrow();
        }

        @Override
        public ConfigValue getConfigValue(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Iterable<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public Iterable<ConfigSource> getConfigSources() {
            return java.util.List.of();
        }

        @Override
        public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
            return Optional.empty();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new UnsupportedOperationException();
        }
    }
}
