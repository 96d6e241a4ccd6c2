package app.famichat.accounts;

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
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Logger;

/**
 * Every {@code famichat.devices.sweep-interval}, removes the devices unused for {@code famichat.devices.stale-after}
 * ({@link StaleDevices}). Every node sweeps; a second node's pass finds nothing left to remove.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class StaleDeviceSweep {

    private static final Logger LOG = Logger.getLogger(StaleDeviceSweep.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    StaleDevices staleDevices;

    @Inject
    DeviceSettings settings;

    private ScheduledFuture<?> passes;

    @PostConstruct
    void start() {
        passes = Periodic.every(scheduler, settings.sweepInterval(), "Stale-device sweep", LOG, this::pass);
    }

    @PreDestroy
    void stop() {
        passes.cancel(false);
    }

    private void pass() {
        Instant now = DatabaseClock.now();
        int removed = staleDevices.remove(now.minus(settings.staleAfter()), now);
        if (removed > 0) {
            LOG.info(() -> "Stale devices: " + removed + " unused for " + settings.staleAfter() + " removed");
        }
    }
}
