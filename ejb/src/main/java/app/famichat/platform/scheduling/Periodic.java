package app.famichat.platform.scheduling;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A background pass run every {@code interval} on the server's managed scheduler, the first time one interval after
 * the start. With a fixed delay, so that a slow pass never overlaps the next; a failing pass is logged and the next
 * one runs as planned (an exception escaping would cancel every later pass).
 */
public final class Periodic {

    private Periodic() {
    }

    public static ScheduledFuture<?> every(ManagedScheduledExecutorService scheduler, Duration interval, String name,
                                           Logger log, Runnable pass) {
        long millis = interval.toMillis();
        return scheduler.scheduleWithFixedDelay(() -> {
            try {
                pass.run();
            } catch (RuntimeException e) {
                // e.g. a database outage: the next pass retries
                log.log(Level.WARNING, name + " failed; it runs again in " + interval, e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }
}
