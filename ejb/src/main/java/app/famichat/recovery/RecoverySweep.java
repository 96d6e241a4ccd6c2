package app.famichat.recovery;

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
 * Every {@code famichat.recovery.sweep-interval}, closes the open family recovery requests past their deadline
 * (expired: their keys deleted, an event and the metric). Every node sweeps; a second node's pass finds nothing.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class RecoverySweep {

    private static final Logger LOG = Logger.getLogger(RecoverySweep.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    FamilyRecovery recovery;

    @Inject
    RecoverySettings settings;

    private ScheduledFuture<?> passes;

    @PostConstruct
    void start() {
        passes = Periodic.every(scheduler, settings.sweepInterval(), "Recovery sweep", LOG, this::pass);
    }

    @PreDestroy
    void stop() {
        passes.cancel(false);
    }

    private void pass() {
        int expired = recovery.expireDue(DatabaseClock.now());
        if (expired > 0) {
            LOG.fine(() -> "Recovery sweep: " + expired + " requests expired");
        }
    }
}
