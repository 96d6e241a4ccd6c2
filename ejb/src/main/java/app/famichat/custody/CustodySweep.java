package app.famichat.custody;

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
 * Every {@code famichat.custody.sweep-interval}, deletes the unlock rows of expired tokens (an expired token
 * unlocks nothing anyway; this shreds the wrapped K) and send keys older than their lifetime. Every node sweeps; a
 * second node's pass finds nothing left.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class CustodySweep {

    private static final Logger LOG = Logger.getLogger(CustodySweep.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    Keyrings keyrings;

    @Inject
    CustodySettings settings;

    private ScheduledFuture<?> passes;

    @PostConstruct
    void start() {
        passes = Periodic.every(scheduler, settings.sweepInterval(), "Custody sweep", LOG, this::pass);
    }

    @PreDestroy
    void stop() {
        passes.cancel(false);
    }

    private void pass() {
        Instant now = DatabaseClock.now();
        int unlocks = keyrings.deleteExpiredUnlocks(now);
        int sendKeys = keyrings.deleteExpiredSendKeys(now);
        if (sendKeys > 0) {
            // Their fan-out messages never ran within the lifetime: they go to the dead-letter queue when they do.
            LOG.warning(() -> "Custody sweep: " + sendKeys + " send keys expired unused");
        }
        if (unlocks > 0) {
            LOG.fine(() -> "Custody sweep: " + unlocks + " unlocks of expired tokens deleted");
        }
    }
}
