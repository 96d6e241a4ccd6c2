package app.famichat.ratelimit;

import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.platform.persistence.Rows;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared counters behind {@link RateLimiters}: one row per (limiter, key, window), incremented atomically
 * by PostgreSQL so that every node sees the same count.
 */
@Stateless
public class RateLimitWindows {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    /** One hit to count: on which limiter, for which (hashed) key, in which window. */
    public record Hit(String limiter, String keyHash, Instant windowStart) {
    }

    /**
     * Counts the hits (each on a different limiter) and returns each window's new total, in the order given.
     * One statement and one transaction of its own for all of them: a refused or failed request (a wrong
     * password) must still count, and a send checks three limiters on its hot path.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Integer> hitAll(List<Hit> hits) {
        StringBuilder sql = new StringBuilder("INSERT INTO rate_limit_windows (limiter, key, window_start, hits) VALUES ");
        for (int i = 0; i < hits.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, 1)");
        }
        sql.append(" ON CONFLICT (limiter, key, window_start) DO UPDATE SET hits = rate_limit_windows.hits + 1 "
                + "RETURNING limiter, hits");
        Query upsert = em.createNativeQuery(sql.toString());
        int position = 1;
        for (Hit hit : hits) {
            upsert.setParameter(position++, hit.limiter())
                    .setParameter(position++, hit.keyHash())
                    .setParameter(position++, DatabaseClock.utc(hit.windowStart()));
        }
        Map<String, Integer> totals = new HashMap<>();
        Rows.list(upsert, row -> Map.entry(row.string(0), row.intValue(1)))
                .forEach(total -> totals.put(total.getKey(), total.getValue()));
        return hits.stream().map(hit -> totals.get(hit.limiter())).toList();
    }

    /** Takes one hit back (a success that a limit on failures counted before knowing); never below zero. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void refund(Hit hit) {
        em.createNativeQuery("UPDATE rate_limit_windows SET hits = hits - 1 "
                        + "WHERE limiter = ? AND key = ? AND window_start = ? AND hits > 0")
                .setParameter(1, hit.limiter())
                .setParameter(2, hit.keyHash())
                .setParameter(3, DatabaseClock.utc(hit.windowStart()))
                .executeUpdate();
    }

    /** Windows that started over a day ago have ended: no limiter's window is longer (RateLimiters checks). */
    @Schedule(hour = "*", minute = "17", persistent = false)
    public void forgetOldWindows() {
        em.createNativeQuery("DELETE FROM rate_limit_windows WHERE window_start < ?")
                .setParameter(1, DatabaseClock.utc(Instant.now().minus(1, ChronoUnit.DAYS)))
                .executeUpdate();
    }
}
