package app.famichat.keys;

import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.platform.scheduling.Periodic;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Logger;

/**
 * Runs {@link KeySweep} every {@code famichat.keys.maintenance.interval} on the server's managed scheduler, the
 * first time one interval after the start (claims trigger replenishment themselves; the sweep is the safety net
 * and the rotation clock). With a fixed delay, so that a slow pass never overlaps the next.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class KeyMaintenance {

    private static final Logger LOG = Logger.getLogger(KeyMaintenance.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    KeySweep sweep;

    @Inject
    KeySettings settings;

    private ScheduledFuture<?> passes;

    @PostConstruct
    void start() {
        passes = Periodic.every(scheduler, settings.interval(), "Key maintenance sweep", LOG, this::pass);
    }

    @PreDestroy
    void stop() {
        passes.cancel(false);
    }

    private void pass() {
        KeySweep.Outcome outcome = sweep.sweep(DatabaseClock.now());
        if (outcome.changedAnything()) {
            LOG.info(() -> "Key maintenance: " + outcome.replenished() + " devices replenished, "
                    + outcome.rotated() + " rotated, " + outcome.failed() + " failed");
        }
    }
}
