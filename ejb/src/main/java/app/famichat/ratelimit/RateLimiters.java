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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
        int hits = windows.hit(limiter.configName(), hash(limiter, key), windowStart(limit, now));
        if (hits > limit.permits()) {
            throw refusal(limiter, limit, now);
        }
    }

    /**
     * Like {@link #check} for each limiter and key in order (the first one over its limit refuses, and the ones
     * after it are not counted), with the hits counted in one transaction.
     */
    public void checkAll(List<Map.Entry<Limiter, String>> checks) {
        Instant now = clock.instant();
        List<RateLimitWindows.Window> windowList = new ArrayList<>(checks.size());
        for (Map.Entry<Limiter, String> check : checks) {
            RateLimit limit = limits.get(check.getKey());
            windowList.add(new RateLimitWindows.Window(check.getKey().configName(), hash(check.getKey(),
                    check.getValue()), windowStart(limit, now), limit.permits()));
        }
        int over = windows.hitUntilOver(windowList);
        if (over >= 0) {
            Limiter limiter = checks.get(over).getKey();
            throw refusal(limiter, limits.get(limiter), now);
        }
    }

    private static Instant windowStart(RateLimit limit, Instant now) {
        long windowMillis = limit.window().toMillis();
        return Instant.ofEpochMilli(now.toEpochMilli() / windowMillis * windowMillis);
    }

    private static FamichatException refusal(Limiter limiter, RateLimit limit, Instant now) {
        long windowMillis = limit.window().toMillis();
        long retryAfter = (windowStart(limit, now).toEpochMilli() + windowMillis - now.toEpochMilli() + 999) / 1000;
        return FamichatException.rateLimited(limiter.configName(), retryAfter);
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
