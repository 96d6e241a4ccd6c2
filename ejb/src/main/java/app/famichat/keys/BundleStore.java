package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import java.util.function.Function;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/**
 * The statements of a bundle claim ({@link KeyStatements}), in the caller's transaction. Each one-time prekey (EC
 * and Kyber) is handed out at most once, even under concurrent claims from many threads and nodes: one statement
 * marks the lowest unclaimed key as claimed, skipping rows another transaction holds ({@code FOR UPDATE SKIP
 * LOCKED}). The row itself stays until the hosted device uses the key (its private part is needed to answer). With
 * no one-time EC key left the bundle has none ({@link PreKeyBundle#NULL_PRE_KEY_ID}); with no one-time Kyber key
 * left it carries the newest last-resort Kyber key. The signed prekey is always the newest.
 *
 * <p>Generating new keys is never part of a claim: the caller learns how many are left and leaves the topping up to
 * the background ({@link ReplenishmentTrigger}).
 */
@ApplicationScoped
class BundleStore {

    /**
     * A claimed bundle, which one-time keys it carries, and the unclaimed one-time keys left after it, each
     * counted up to the number asked for.
     */
    record Claimed(PreKeyBundle bundle, boolean oneTimeEc, boolean oneTimeKyber, PreKeyStock left) {
    }

    /** A device's registration id and its user's identity public key. */
    private record BundleDevice(int registrationId, byte[] identityKey) {
    }

    /** A prekey as a bundle carries it; no signature for a one-time EC key. */
    private record PublicPreKey(int id, byte[] publicKey, byte[] signature) {

        static PublicPreKey signed(Rows.Row row) {
            return new PublicPreKey(row.intValue(0), row.bytes(1), row.bytes(2));
        }

        static PublicPreKey unsigned(Rows.Row row) {
            return new PublicPreKey(row.intValue(0), row.bytes(1), null);
        }
    }

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    Claimed claim(DeviceAddress device, int countLeftUpTo) {
        BundleDevice owner = first(KeyStatements.bundleDevice(device),
                row -> new BundleDevice(row.intValue(0), row.bytes(1)))
                .orElseThrow(() -> FamichatException.notFound("No such device with Signal keys"));
        PublicPreKey signed = first(KeyStatements.newestSigned(device), PublicPreKey::signed)
                .orElseThrow(() -> new IllegalStateException("The device has no signed prekey"));
        Optional<PublicPreKey> oneTime = first(KeyStatements.claimOneTimeEc(device), PublicPreKey::unsigned);
        Optional<PublicPreKey> oneTimeKyber = first(KeyStatements.claimOneTimeKyber(device), PublicPreKey::signed);
        PublicPreKey kyber = oneTimeKyber.or(() -> first(KeyStatements.newestLastResort(device), PublicPreKey::signed))
                .orElseThrow(() -> new IllegalStateException("The device has no last-resort Kyber prekey"));
        PreKeyStock left = first(KeyStatements.unclaimedUpTo(device, countLeftUpTo),
                row -> new PreKeyStock(row.intValue(0), row.intValue(1))).orElseThrow();
        try {
            PreKeyBundle bundle = new PreKeyBundle(owner.registrationId(), device.deviceId(),
                    oneTime.map(PublicPreKey::id).orElse(PreKeyBundle.NULL_PRE_KEY_ID),
                    oneTime.isEmpty() ? null : new ECPublicKey(oneTime.get().publicKey()),
                    signed.id(), new ECPublicKey(signed.publicKey()), signed.signature(),
                    new IdentityKey(owner.identityKey()),
                    kyber.id(), new KEMPublicKey(kyber.publicKey()), kyber.signature());
            return new Claimed(bundle, oneTime.isPresent(), oneTimeKyber.isPresent(), left);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("A stored public key does not parse", e);
        }
    }

    /** The first row; read without a row limit, which an UPDATE ... RETURNING could not take. */
    private <T> Optional<T> first(KeyStatements.Statement statement, Function<Rows.Row, T> mapper) {
        return Rows.list(statement.on(em), mapper).stream().findFirst();
    }
}
