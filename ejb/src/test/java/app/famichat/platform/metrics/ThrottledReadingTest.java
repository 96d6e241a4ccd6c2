package app.famichat.platform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.keys.PreKeyStock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledReadingTest {

    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger counts = new AtomicInteger();

    @Test
    void countsAtMostOncePerMaxAge() {
        ThrottledReading<PreKeyStock> lowest = new ThrottledReading<>(() -> new PreKeyStock(counts.incrementAndGet(), 7),
                Duration.ofSeconds(5), clock::get);
        assertEquals(Optional.of(new PreKeyStock(1, 7)), lowest.get());
        clock.addAndGet(Duration.ofSeconds(4).toNanos());
        assertEquals(Optional.of(new PreKeyStock(1, 7)), lowest.get());
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(Optional.of(new PreKeyStock(2, 7)), lowest.get());
        assertEquals(2, counts.get());
    }

    @Test
    void aFailedCountIsEmptyAndRetriedOnlyAfterMaxAge() {
        ThrottledReading<PreKeyStock> lowest = new ThrottledReading<>(() -> {
            counts.incrementAndGet();
            throw new IllegalStateException("database down");
        }, Duration.ofSeconds(5), clock::get);
        assertEquals(Optional.empty(), lowest.get());
        assertEquals(Optional.empty(), lowest.get());
        assertEquals(1, counts.get());
        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        lowest.get();
        assertEquals(2, counts.get());
    }
}
