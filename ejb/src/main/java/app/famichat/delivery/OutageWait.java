package app.famichat.delivery;

import app.famichat.platform.persistence.DatabaseOutage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Holds a fan-out message through a database outage instead of failing it. The broker redelivers a failed message
 * five times, 100 ms apart, then dead-letters it: a few seconds without the database dead-lettered healthy
 * messages. So a consumer whose work failed for a lost connection waits (0.5 s, doubling to 5 s, or until the
 * outage probe sees the database again) and tries again, for at most {@code famichat.fan-out.outage-wait}
 * (default five minutes); only then, or for any other failure, does the broker's redelivery take over. Each try
 * is a transaction of its own; a waiting consumer holds its message, and with all consumers waiting the queue
 * simply stops being consumed.
 */
@ApplicationScoped
class OutageWait {

    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    @Inject
    DeliverySettings settings;

    @Inject
    DatabaseOutage outage;

    @Inject
    DeliveryMetrics metrics;

    /** Runs {@code work}, again while it fails for a lost database connection, for at most the bound. */
    void run(Runnable work) {
        long deadline = System.nanoTime() + settings.outageWait().toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                work.run();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() + pause.toNanos() > deadline || !outage.explains(e)) {
                    throw e;
                }
                metrics.outageWait();
                try {
                    outage.awaitReachable(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
