package app.famichat.ratelimit;

import app.famichat.platform.errors.FamichatException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Fixed-window rate limiting shared by all nodes (the counters live in PostgreSQL). A fixed window lets a
 * client spend up to twice the limit across a window boundary; the limits are sized with that in mind.
 */
@ApplicationScoped
public class RateLimiters {

    @Inject
    RateLimitWindows windows;

    @Inject
    Config config;

    Clock clock = Clock.systemUTC();

    private final Map<Limiter, RateLimit> limits = new EnumMap<>(Limiter.class);

    @PostConstruct
    void configure() {
        for (Limiter limiter : Limiter.values()) {
            limits.put(limiter, RateLimit.parse(
                    config.getOptionalValue(limiter.configKey(), String.class).orElse(limiter.defaultLimit())));
        }
    }

    public RateLimit limitOf(Limiter limiter) {
        return limits.get(limiter);
    }

    /** Counts a hit on {@code key}; throws a rate-limited refusal (with Retry-After) once over the limit. */
    public void check(Limiter limiter, String key) {
        RateLimit limit = limits.get(limiter);
        Instant now = clock.instant();
        long windowMillis = limit.window().toMillis();
        Instant windowStart = Instant.ofEpochMilli(now.toEpochMilli() / windowMillis * windowMillis);
        int hits = windows.hit(limiter.configName(), hash(limiter, key), windowStart);
        if (hits > limit.permits()) {
            long retryAfter = (windowStart.toEpochMilli() + windowMillis - now.toEpochMilli() + 999) / 1000;
            throw FamichatException.rateLimited(limiter.configName(), retryAfter);
        }
    }

    /** Keys (client addresses, usernames) are stored hashed. */
    static String hash(Limiter limiter, String key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest((limiter.name() + ":" + key).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
