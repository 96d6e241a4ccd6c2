package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/**
 * Takes a device's prekey bundle ({@link BundleStore}: each one-time key handed out once, then the last-resort
 * Kyber key) and announces the claim ({@link BundleClaimed}): metrics count it, and a stock below the low-water
 * mark is topped up in the background after the claim commits. A claim never generates keys itself. In the
 * caller's transaction, or one of its own.
 */
@Stateless
public class BundleClaims {

    @Inject
    BundleStore bundles;

    @Inject
    SignalKeyStore store;

    @Inject
    KeySettings settings;

    @Inject
    Event<BundleClaimed> claimed;

    public PreKeyBundle claim(DeviceAddress device) {
        StockPolicy policy = settings.stock();
        BundleStore.Claimed claim = bundles.claim(device, policy.countUpTo());
        claimed.fire(new BundleClaimed(device, claim.oneTimeEc(), claim.oneTimeKyber(), policy.isLow(claim.left())));
        return claim.bundle();
    }

    /** Unclaimed one-time prekeys of a device. */
    public PreKeyStock stock(DeviceAddress device) {
        return store.stock(device);
    }
}
