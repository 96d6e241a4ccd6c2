package app.famichat.keys;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The lowest one-time stock over all devices, for the gauges: counted at most once per {@code maxAge} however
 * often the metrics are scraped (two gauges read it per scrape, and several scrapers may poll). Empty when there
 * is no device or the count failed (then it is retried after {@code maxAge}, not at every read).
 */
final class LowestStock {

    private static final Logger LOG = Logger.getLogger(LowestStock.class.getName());

    private final Supplier<Optional<PreKeyStock>> count;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private Optional<PreKeyStock> value = Optional.empty();
    private long countedAt;
    private boolean counted;

    LowestStock(Supplier<Optional<PreKeyStock>> count, Duration maxAge, LongSupplier nanoTime) {
        this.count = count;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    synchronized Optional<PreKeyStock> get() {
        long now = nanoTime.getAsLong();
        if (!counted || now - countedAt >= maxAgeNanos) {
            try {
                value = count.get();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Could not count the lowest prekey stock", e);
                value = Optional.empty();
            }
            countedAt = now;
            counted = true;
        }
        return value;
    }
}
