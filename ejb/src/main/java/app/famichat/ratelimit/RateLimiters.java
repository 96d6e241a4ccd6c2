package app.famichat.ratelimit;

import app.famichat.platform.errors.FamichatException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Fixed-window rate limiting shared by all nodes (the counters live in PostgreSQL). A fixed window lets a
 * client spend up to twice the limit across a window boundary; the limits are sized with that in mind.
 */
@ApplicationScoped
public class RateLimiters {

    private static final Logger LOG = Logger.getLogger(RateLimiters.class.getName());

    @Inject
    RateLimitWindows windows;

    @Inject
    RateLimitKeys keyHashes;

    @Inject
    Config config;

    Clock clock = Clock.systemUTC();

    private final Map<Limiter, RateLimit> limits = new EnumMap<>(Limiter.class);

    /** Counters are forgotten after a day ({@link RateLimitWindows#forgetOldWindows()}): no window may be longer. */
    static final Duration LONGEST_WINDOW = Duration.ofDays(1);

    /** Reads and checks every {@code famichat.rate-limit.<name>} (docs/configuration.md). */
    @PostConstruct
    void configure() {
        for (Limiter limiter : Limiter.values()) {
            RateLimit limit = limit(limiter);
            if (limit.window().compareTo(LONGEST_WINDOW) > 0) {
                throw refused(limiter.configKey() + ": a window may be at most " + LONGEST_WINDOW);
            }
            limits.put(limiter, limit);
        }
    }

    private RateLimit limit(Limiter limiter) {
        try {
            return RateLimit.parse(
                    config.getOptionalValue(limiter.configKey(), String.class).orElse(limiter.defaultLimit()));
        } catch (IllegalArgumentException e) {
            throw refused(limiter.configKey() + ": " + e.getMessage());
        }
    }

    /** As SettingCheck refuses: logged, because Payara reports only "Unable to invoke configure()". */
    private static IllegalArgumentException refused(String message) {
        LOG.severe(message);
        return new IllegalArgumentException(message);
    }

    /** Observing the start creates the bean, so a wrong limit fails the deployment, not the first request. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the limits were checked by configure()
    }

    RateLimit limitOf(Limiter limiter) {
        return limits.get(limiter);
    }

    /** The hits one {@link #check} counted, which {@link #refund} can take back. */
    public record Counted(Map<Limiter, RateLimitWindows.Hit> hits) {
    }

    /** Counts a hit on {@code key}; throws a rate-limited refusal (with Retry-After) once over the limit. */
    public Counted check(Limiter limiter, String key) {
        return check(Map.of(limiter, key));
    }

    /**
     * Counts a hit on each limiter's key, all in one round trip; throws a rate-limited refusal (with the longest
     * Retry-After of the limits exceeded) if any is over its limit.
     */
    public Counted check(Map<Limiter, String> keys) {
        Instant now = clock.instant();
        List<Limiter> order = List.copyOf(keys.keySet());
        List<RateLimitWindows.Hit> hits = order.stream().map(limiter -> new RateLimitWindows.Hit(
                limiter.configName(), keyHashes.of(limiter, keys.get(limiter)), windowStart(limiter, now))).toList();
        List<Integer> totals = windows.hitAll(hits);
        FamichatException refusal = null;
        for (int i = 0; i < order.size(); i++) {
            RateLimit limit = limits.get(order.get(i));
            if (totals.get(i) > limit.permits()) {
                long windowEnd = hits.get(i).windowStart().toEpochMilli() + limit.window().toMillis();
                long retryAfter = (windowEnd - now.toEpochMilli() + 999) / 1000;
                if (refusal == null || retryAfter > refusal.retryAfterSeconds()) {
                    refusal = FamichatException.rateLimited(order.get(i).configName(), retryAfter);
                }
            }
        }
        if (refusal != null) {
            throw refusal;
        }
        Map<Limiter, RateLimitWindows.Hit> counted = new EnumMap<>(Limiter.class);
        for (int i = 0; i < order.size(); i++) {
            counted.put(order.get(i), hits.get(i));
        }
        return new Counted(counted);
    }

    /**
     * Takes back what {@code counted} hit on {@code limiter}: for limits on failures only, counted before the
     * outcome is known (so that concurrent attempts cannot all pass a check) and refunded on success.
     */
    public void refund(Counted counted, Limiter limiter) {
        RateLimitWindows.Hit hit = counted.hits().get(limiter);
        if (hit != null) {
            windows.refund(hit);
        }
    }

    private Instant windowStart(Limiter limiter, Instant now) {
        long windowMillis = limits.get(limiter).window().toMillis();
        return Instant.ofEpochMilli(now.toEpochMilli() / windowMillis * windowMillis);
    }
}
