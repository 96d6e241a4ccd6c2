package app.famichat.ratelimit;

import app.famichat.platform.persistence.DatabaseClock;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The shared counters behind {@link RateLimiters}: one row per (limiter, key, window), incremented atomically
 * by PostgreSQL so that every node sees the same count.
 */
@Stateless
public class RateLimitWindows {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    /**
     * Counts one hit and returns the window's total. In its own transaction: a refused or failed request
     * (a wrong password) must still count.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int hit(String limiter, String keyHash, Instant windowStart) {
        Number hits = (Number) em.createNativeQuery("INSERT INTO rate_limit_windows (limiter, key, window_start, hits) "
                        + "VALUES (?, ?, ?, 1) ON CONFLICT (limiter, key, window_start) "
                        + "DO UPDATE SET hits = rate_limit_windows.hits + 1 RETURNING hits")
                .setParameter(1, limiter)
                .setParameter(2, keyHash)
                .setParameter(3, DatabaseClock.utc(windowStart))
                .getSingleResult();
        return hits.intValue();
    }

    /** A window of a limiter for one key, and the hits it permits. */
    public record Window(String limiter, String keyHash, Instant start, int permits) {
    }

    /**
     * Counts one hit in each window, in order, until one goes over its permits; returns that window's index, or
     * -1. Windows after it are not counted, as if each were checked on its own with {@link #hit}; but all of it
     * is one transaction (of its own, for the same reason), so one commit instead of one per window.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int hitUntilOver(List<Window> windows) {
        for (int i = 0; i < windows.size(); i++) {
            Window window = windows.get(i);
            if (hit(window.limiter(), window.keyHash(), window.start()) > window.permits()) {
                return i;
            }
        }
        return -1;
    }

    /** Windows older than a day are no longer read by any limiter (the longest window is an hour). */
    @Schedule(hour = "*", minute = "17", persistent = false)
    public void forgetOldWindows() {
        em.createNativeQuery("DELETE FROM rate_limit_windows WHERE window_start < ?")
                .setParameter(1, DatabaseClock.utc(Instant.now().minus(1, ChronoUnit.DAYS)))
                .executeUpdate();
    }
}
