package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One pass of prekey maintenance over all devices: tops up every stock below the low-water mark (claims whose
 * background replenishment was lost: a crash, a full executor, another node stopping) and rotates what is due.
 * Each device in a transaction of its own; a device that fails is counted, logged (without saying which) and
 * retried by the next pass. Every node sweeps; the per-device lock makes a second node's visit a no-op.
 */
@ApplicationScoped
public class KeySweep {

    private static final Logger LOG = Logger.getLogger(KeySweep.class.getName());

    /** Devices visited and changed by one pass, and devices whose work failed. */
    public record Outcome(int replenished, int rotated, int failed) {

        boolean changedAnything() {
            return replenished > 0 || rotated > 0 || failed > 0;
        }
    }

    @Inject
    KeyCensus census;

    @Inject
    Replenisher replenisher;

    @Inject
    PreKeyRotation rotation;

    @Inject
    KeyMetrics metrics;

    /** {@code now} decides rotation (a parameter so that tests can move time forward). */
    public Outcome sweep(Instant now) {
        List<DeviceAddress> low = census.belowLowWater();
        List<DeviceAddress> due = census.dueForRotation(now);
        int replenished = 0;
        int rotated = 0;
        int failed = 0;
        for (DeviceAddress device : low) {
            try {
                replenished += replenisher.replenish(device, Replenisher.NOTHING).isEmpty() ? 0 : 1;
            } catch (RuntimeException e) {
                failed++;
                failed(e, "replenishing");
            }
        }
        for (DeviceAddress device : due) {
            try {
                rotated += rotation.rotate(device, now).changedAnything() ? 1 : 0;
            } catch (RuntimeException e) {
                failed++;
                failed(e, "rotating the signed and last-resort prekeys of");
            }
        }
        return new Outcome(replenished, rotated, failed);
    }

    /**
     * One user's devices, each replenished and rotated as due (a visit finds nothing to do when nothing is): the
     * maintenance of a locked user, while their keyring is unlocked on this thread. Failures are counted and
     * logged like the sweep's, and the next sign-in retries.
     */
    public void sweepUser(UUID userId, Instant now) {
        for (DeviceAddress device : census.devicesOf(userId)) {
            try {
                replenisher.replenish(device, Replenisher.NOTHING);
                rotation.rotate(device, now);
            } catch (RuntimeException e) {
                failed(e, "maintaining the prekeys of");
            }
        }
    }

    private void failed(RuntimeException e, String what) {
        metrics.failed();
        LOG.log(Level.WARNING, "Key maintenance: " + what + " a device failed; the next sweep retries", e);
    }
}
