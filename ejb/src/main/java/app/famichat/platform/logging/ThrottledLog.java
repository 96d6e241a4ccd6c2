package app.famichat.platform.logging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Log lines that a client can cause at will (a request or a frame that fails, even unauthenticated): at most
 * {@value #LINES_PER_MINUTE} lines per minute of each kind, so that no client can flood the log or rotate its
 * history away. Lines over the budget are dropped and counted in {@code famichat_log_lines_suppressed_total{kind}};
 * the first line of a kind after a minute with drops says how many were dropped. Kinds are fixed names chosen by
 * the code (they become metric labels), never anything from the request.
 *
 * <p>Per node, in memory: this bounds the log of this node, which is all it is for.
 */
@ApplicationScoped
public class ThrottledLog {

    public static final int LINES_PER_MINUTE = 10;

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    @Inject
    MetricRegistry registry;

    /** The clock; tests replace it. */
    LongSupplier nanoTime = System::nanoTime;

    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    /**
     * Logs {@code message} (with {@code error}'s stack trace, if any) unless {@code kind} has used its budget for
     * the current minute; returns whether it was logged.
     */
    public boolean log(String kind, Logger logger, Level level, String message, Throwable error) {
        if (!logger.isLoggable(level)) {
            return false;
        }
        long droppedBefore = budgets.computeIfAbsent(kind, this::budget).take(nanoTime.getAsLong());
        if (droppedBefore < 0) {
            return false;
        }
        String line = droppedBefore == 0 ? message
                : message + " (" + droppedBefore + " more lines of this kind were dropped in the minute before)";
        logger.log(level, line, error);
        return true;
    }

    /**
     * Creates {@code kind}'s budget and its counter now, on an application thread: a kind first used where the
     * application's context is unknown (a log filter runs on Payara's own threads) could not register its metric.
     */
    public void prepare(String kind) {
        budgets.computeIfAbsent(kind, this::budget);
    }

    /** Lines of {@code kind} dropped since this node started (for tests; operators read the metric). */
    public long dropped(String kind) {
        Budget budget = budgets.get(kind);
        return budget == null ? 0 : budget.droppedTotal;
    }

    private Budget budget(String kind) {
        Counter counter = registry == null ? null : registry.counter(Metadata.builder()
                .withName("famichat_log_lines_suppressed")
                .withDescription("Log lines a client could cause that were dropped over the budget of "
                        + LINES_PER_MINUTE + " a minute, by kind").build(), new Tag("kind", kind));
        return new Budget(counter);
    }

    /** One kind's budget: a fixed one-minute window opened by the first line after the previous window. */
    private static final class Budget {

        private long windowStart;
        private boolean started;
        private int logged;
        private long dropped;
        private long droppedTotal;
        private final Counter counter;

        Budget(Counter counter) {
            this.counter = counter;
        }

        /** -1: drop the line; otherwise log it, and this many lines were dropped in the window before. */
        synchronized long take(long now) {
            long droppedBefore = 0;
            if (!started || now - windowStart >= MINUTE_NANOS) {
                droppedBefore = dropped;
                started = true;
                windowStart = now;
                logged = 0;
                dropped = 0;
            }
            if (logged < LINES_PER_MINUTE) {
                logged++;
                return droppedBefore;
            }
            dropped++;
            droppedTotal++;
            if (counter != null) {
                counter.inc();
            }
            return -1;
        }
    }
}
