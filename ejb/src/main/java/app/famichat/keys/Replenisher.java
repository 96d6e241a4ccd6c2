package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.vault.UserSecrets;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * Tops up one device's one-time prekeys ({@link StockPolicy}), in a transaction of its own. Safe with any number
 * of replenishers and rotations of the same device at once, on any node: each takes the device's id row lock,
 * then counts, so the second finds the stock already full and adds nothing; new ids continue from the device's
 * counters.
 */
@Stateless
public class Replenisher {

    /** For callers with nothing to do once the lock is held. */
    public static final Runnable NOTHING = () -> { };

    @Inject
    SignalKeyStore tables;

    @Inject
    SignalKeys keys;

    @Inject
    PreKeyFactory factory;

    @Inject
    KeySettings settings;

    @Inject
    Event<PreKeysReplenished> replenished;

    @Inject
    UserSecrets secrets;

    /**
     * Adds what the device's stock misses, if it is below the low-water mark; {@code locked} runs once the
     * device's lock is held. Returns the keys added: none when the stock was not low (any more) or the device is
     * gone.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public PreKeyStock replenish(DeviceAddress device, Runnable locked) {
        Optional<PreKeyIds> ids = tables.lockIds(device);
        locked.run();
        // A locked user's new keys are signed and sealed under their keyring: only while they are signed in
        // (Keyrings.maintainKeys); meanwhile claims fall back to the last-resort Kyber key when the stock runs out.
        if (ids.isEmpty() || !secrets.usable(device.userId())) {
            return PreKeyStock.NONE;
        }
        PreKeyStock missing = settings.stock().missing(tables.stock(device));
        if (missing.isEmpty()) {
            return missing;
        }
        Instant now = DatabaseClock.now();
        NewPreKeys fresh = factory.oneTime(keys.identity(device.userId()), device, ids.get(), missing, now);
        tables.insert(device, fresh.keys(), now);
        tables.saveIds(device, fresh.next());
        replenished.fire(new PreKeysReplenished(missing));
        return missing;
    }
}
