package app.famichat.platform.metrics;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A value for a gauge that is costly to read (a count over a table, a browse of a queue): read at most once per
 * {@code maxAge} however often the metrics are scraped (several gauges may share it, several scrapers may poll).
 * Empty when the source has no value or the read failed; a failed read is retried after {@code maxAge}, not at
 * every scrape.
 */
public final class ThrottledReading<T> {

    /** Reads the value; null when there is none. */
    @FunctionalInterface
    public interface Source<T> {
        T read() throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(ThrottledReading.class.getName());

    private final Source<T> source;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private Optional<T> value = Optional.empty();
    private long readAt;
    private boolean read;

    public ThrottledReading(Source<T> source, Duration maxAge, LongSupplier nanoTime) {
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    public synchronized Optional<T> get() {
        long now = nanoTime.getAsLong();
        if (!read || now - readAt >= maxAgeNanos) {
            try {
                value = Optional.ofNullable(source.read());
            } catch (Exception e) {
                LOG.log(Level.FINE, "A gauge's value could not be read", e);
                value = Optional.empty();
            }
            readAt = now;
            read = true;
        }
        return value;
    }
}
