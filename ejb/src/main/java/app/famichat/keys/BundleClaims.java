package app.famichat.keys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/**
 * Takes a device's prekey bundle ({@link PreKeyBundles}: each one-time key handed out once, then the last-resort
 * Kyber key) and announces the claim ({@link BundleClaimed}): metrics count it, and a stock below the low-water
 * mark is topped up in the background after the claim commits. A claim never generates keys itself.
 */
@ApplicationScoped
public class BundleClaims {

    @Inject
    KeySql sql;

    @Inject
    KeySettings settings;

    @Inject
    Event<BundleClaimed> claimed;

    @Transactional
    public PreKeyBundle claim(UUID userId, int deviceId) {
        HostedDevice device = new HostedDevice(userId, deviceId);
        StockPolicy policy = settings.stock();
        PreKeyBundles.Claimed claim = new PreKeyBundles(sql).claim(device, policy.lowWater());
        claimed.fire(new BundleClaimed(device, claim.oneTimeEc(), claim.oneTimeKyber(), policy.isLow(claim.left())));
        return claim.bundle();
    }

    /** Unclaimed one-time prekeys of a device. */
    @Transactional
    public PreKeyStock stock(UUID userId, int deviceId) {
        return new KeyTables(sql).stock(new HostedDevice(userId, deviceId));
    }
}
