package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import app.famichat.vault.UserSecrets;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rotates one device's signed EC prekey and Kyber last-resort prekey ({@link RotationPolicy}), in a transaction of
 * its own: when the newest of either is due, a new one of each (new ids, signed by the identity key; the two are
 * kept in step, as Signal's clients do), and the keys replaced longer than the grace period ago are deleted. Until
 * then a replaced key stays loadable ({@code HostedSignalStore.loadSignedPreKey}) for sessions started from a bundle
 * claimed before. Under the device's id row lock, like {@link Replenisher}: a second node finds nothing due.
 */
@Stateless
public class PreKeyRotation {

    @Inject
    SignalKeyStore tables;

    @Inject
    SignalKeys keys;

    @Inject
    PreKeyFactory factory;

    @Inject
    KeySettings settings;

    @Inject
    Event<PreKeysRotated> rotated;

    @Inject
    UserSecrets secrets;

    /** {@code now} is a parameter so that tests can move time forward by weeks. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public PreKeysRotated rotate(DeviceAddress device, Instant now) {
        Optional<PreKeyIds> ids = tables.lockIds(device);
        // A locked user's new keys are signed and sealed under their keyring: only while they are signed in.
        if (ids.isEmpty() || !secrets.usable(device.userId())) {
            return PreKeysRotated.NOTHING;
        }
        RotationPolicy policy = settings.rotation();
        List<KeyAge> signed = new ArrayList<>(tables.ages(device, PreKeyKind.SIGNED));
        List<KeyAge> lastResort = new ArrayList<>(tables.ages(device, PreKeyKind.LAST_RESORT_KYBER));
        boolean due = policy.isDue(signed, now) || policy.isDue(lastResort, now);
        if (due) {
            NewPreKeys fresh = factory.rotation(keys.identity(device.userId()), device, ids.get(), now);
            tables.insert(device, fresh.keys(), now);
            tables.saveIds(device, fresh.next());
            for (SealedPreKey key : fresh.keys()) {
                (key.kind() == PreKeyKind.SIGNED ? signed : lastResort).add(new KeyAge(key.id(), now));
            }
        }
        List<Integer> retiredSigned = policy.retired(signed, now);
        List<Integer> retiredLastResort = policy.retired(lastResort, now);
        tables.retire(device, PreKeyKind.SIGNED, retiredSigned);
        tables.retire(device, PreKeyKind.LAST_RESORT_KYBER, retiredLastResort);
        PreKeysRotated outcome = new PreKeysRotated(due, retiredSigned.size(), retiredLastResort.size());
        if (outcome.changedAnything()) {
            rotated.fire(outcome);
        }
        return outcome;
    }
}
