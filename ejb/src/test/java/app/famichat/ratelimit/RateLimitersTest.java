package app.famichat.ratelimit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.platform.Sha256;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.vault.KeyVault;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
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
    void severalLimitersAreCheckedTogetherAndTheLongestWaitIsAnswered() {
        RateLimiters limiters = limiters(Map.of("famichat.rate-limit.send-device-burst", "2/PT10S",
                "famichat.rate-limit.send-device", "2/PT1M"), Instant.parse("2026-11-25T10:00:04Z"));
        Map<Limiter, String> send = Map.of(Limiter.SEND_DEVICE_BURST, "d", Limiter.SEND_DEVICE, "d",
                Limiter.SEND_USER, "u");
        limiters.check(send);
        limiters.check(send);
        FamichatException refused = assertThrows(FamichatException.class, () -> limiters.check(send));
        assertEquals(56, refused.retryAfterSeconds(), "the minute window ends last");
    }

    @Test
    void refundedHitsDoNotCountSoALimitOnFailuresNeverRefusesSuccesses() {
        RateLimiters limiters = limiters(Map.of("famichat.rate-limit.sign-in-account", "3/PT15M"),
                Instant.parse("2026-11-25T10:00:04Z"));
        for (int i = 0; i < 20; i++) { // successes: counted, then refunded
            limiters.refund(limiters.check(Limiter.SIGN_IN_ACCOUNT, "owner"), Limiter.SIGN_IN_ACCOUNT);
        }
        for (int i = 0; i < 3; i++) { // failures stay counted
            limiters.check(Limiter.SIGN_IN_ACCOUNT, "owner");
        }
        assertThrows(FamichatException.class, () -> limiters.check(Limiter.SIGN_IN_ACCOUNT, "owner"));
    }

    @Test
    void aWindowLongerThanTheCountersAreKeptIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> limiters(
                Map.of("famichat.rate-limit.device-create-account", "10/P2D"), Instant.now()));
        assertTrue(refused.getMessage().contains("famichat.rate-limit.device-create-account"), refused.getMessage());
    }

    @Test
    void aMalformedLimitIsRefusedNamingItsKey() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> limiters(
                Map.of("famichat.rate-limit.send-user", "180 per minute"), Instant.now()));
        assertTrue(refused.getMessage().contains("famichat.rate-limit.send-user: Rate limit '180 per minute'"),
                refused.getMessage());
    }

    @Test
    void defaultsMatchTheDesign() {
        RateLimiters limiters = limiters(Map.of(), Instant.now());
        assertEquals(RateLimit.parse("20/PT10S"), limiters.limitOf(Limiter.SEND_DEVICE_BURST));
        assertEquals(RateLimit.parse("120/PT1M"), limiters.limitOf(Limiter.SEND_DEVICE));
        assertEquals(RateLimit.parse("180/PT1M"), limiters.limitOf(Limiter.SEND_USER));
        assertEquals(RateLimit.parse("10/PT15M"), limiters.limitOf(Limiter.SIGN_IN_ACCOUNT));
        assertEquals(RateLimit.parse("10/PT15M"), limiters.limitOf(Limiter.SIGN_IN_DEVICE));
        assertEquals(RateLimit.parse("10/P1D"), limiters.limitOf(Limiter.DEVICE_CREATE_ACCOUNT));
    }

    @Test
    void keysAreStoredAsHmacsUnderAVaultKeyNotAsBareHashes() {
        RateLimitKeys keys = new RateLimitKeys(VAULT.derivedKey(RateLimitKeys.PURPOSE));
        String stored = keys.of(Limiter.SIGN_IN_ADDRESS, "192.0.2.7");
        assertTrue(stored.matches("[0-9a-f]{64}"), "a hex MAC, not the address: " + stored);
        assertEquals(stored, keys.of(Limiter.SIGN_IN_ADDRESS, "192.0.2.7"), "the same key counts in the same row");
        assertNotEquals(stored, keys.of(Limiter.SIGN_IN_ACCOUNT, "192.0.2.7"), "limiters are separate");
        // Whoever reads the database cannot enumerate addresses against a hash: it is neither the old bare
        // SHA-256 nor what another server (another master key) stores.
        assertNotEquals(HexFormat.of().formatHex(Sha256.of(Limiter.SIGN_IN_ADDRESS.name() + ":192.0.2.7")), stored);
        assertNotEquals(stored, new RateLimitKeys(KeyVault.withKeys(masterKey("other"), null)
                .derivedKey(RateLimitKeys.PURPOSE)).of(Limiter.SIGN_IN_ADDRESS, "192.0.2.7"));
    }

    private static final KeyVault VAULT = KeyVault.withKeys(masterKey("test"), null);

    private static String masterKey(String id) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return id + ":" + Base64.getEncoder().encodeToString(key);
    }

    private static RateLimiters limiters(Map<String, String> settings, Instant now) {
        RateLimiters limiters = new RateLimiters();
        Map<String, Integer> counts = new HashMap<>();
        limiters.windows = new RateLimitWindows() {
            @Override
            public List<Integer> hitAll(List<Hit> hits) {
                return hits.stream().map(hit -> counts.merge(hit.limiter() + hit.keyHash() + hit.windowStart(), 1,
                        Integer::sum)).toList();
            }

            @Override
            public void refund(Hit hit) {
                counts.computeIfPresent(hit.limiter() + hit.keyHash() + hit.windowStart(), (k, n) -> Math.max(0, n - 1));
            }
        };
        limiters.keyHashes = new RateLimitKeys(VAULT.derivedKey(RateLimitKeys.PURPOSE));
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
