package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts a replenishment in the background when a committed claim left a device's stock below the low-water
 * mark: on the server's managed executor, never in the claim's request or transaction. A claim that rolls back
 * starts nothing. What this misses (a full executor, a node stopping) the periodic {@link KeySweep} catches.
 *
 * <p>An EJB, as the holder of the executor (Payara Server does not deploy an EAR whose CDI beans inject such
 * resources), created at startup so that a missing executor fails the deployment; its own state is thread-safe,
 * so the container does not serialise the claims' notifications.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReplenishmentTrigger {

    private static final Logger LOG = Logger.getLogger(ReplenishmentTrigger.class.getName());
    private static final String SWEEP_RETRIES = "; the periodic key maintenance sweep will do it";

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Inject
    Replenisher replenisher;

    @Inject
    KeyMetrics metrics;

    private final WaitingDevices waiting = new WaitingDevices();

    public void claimed(@Observes(during = TransactionPhase.AFTER_SUCCESS) BundleClaimed claim) {
        if (claim.stockLow()) {
            waiting.enter(claim.device()).ifPresent(ticket -> start(claim.device(), ticket));
        }
    }

    private void start(DeviceAddress device, Object ticket) {
        try {
            executor.execute(() -> replenish(device, ticket));
        } catch (RejectedExecutionException e) {
            waiting.leave(device, ticket);
            LOG.warning("Prekey replenishment not started (executor full or stopping)" + SWEEP_RETRIES);
        }
    }

    private void replenish(DeviceAddress device, Object ticket) {
        try {
            replenisher.replenish(device, () -> waiting.leave(device, ticket));
        } catch (RuntimeException e) {
            metrics.failed();
            LOG.log(Level.WARNING, "Prekey replenishment failed" + SWEEP_RETRIES, e);
        } finally {
            waiting.leave(device, ticket);
        }
    }
}
