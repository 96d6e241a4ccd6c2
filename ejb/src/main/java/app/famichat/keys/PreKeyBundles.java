package app.famichat.keys;

import app.famichat.platform.errors.FamichatException;
import java.util.List;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/**
 * The statements of a bundle claim, in the caller's transaction. Each one-time prekey (EC and Kyber) is handed
 * out at most once, even under concurrent claims from many threads and nodes: one statement marks the lowest
 * unclaimed key as claimed, skipping rows another transaction holds ({@code FOR UPDATE SKIP LOCKED}). The row
 * itself stays until the hosted device uses the key (its private part is needed to answer). With no one-time EC
 * key left the bundle has none ({@link PreKeyBundle#NULL_PRE_KEY_ID}); with no one-time Kyber key left it carries
 * the newest last-resort Kyber key. The signed prekey is always the newest.
 *
 * <p>Generating new keys is never part of a claim: the caller learns how many are left and leaves the topping up to
 * the background ({@link ReplenishmentTrigger}).
 */
public final class PreKeyBundles {

    /**
     * A claimed bundle, which one-time keys it carries, and the unclaimed one-time keys left after it, each
     * counted up to the number asked for (so the count stays cheap however large the stock).
     */
    public record Claimed(PreKeyBundle bundle, boolean oneTimeEc, boolean oneTimeKyber, PreKeyStock left) {
    }

    private final KeySql sql;

    public PreKeyBundles(KeySql sql) {
        this.sql = sql;
    }

    public Claimed claim(HostedDevice device, int countLeftUpTo) {
        Object[] deviceRow = first(sql.rows("SELECT d.registration_id, i.public_key FROM devices d JOIN "
                + "signal_identity_keys i ON i.user_id = d.user_id WHERE d.user_id = ? AND d.device_id = ?",
                device.userId(), device.column()));
        if (deviceRow == null) {
            throw FamichatException.notFound("No such device with Signal keys");
        }
        Object[] signed = first(sql.rows("SELECT prekey_id, public_key, signature FROM signal_signed_prekeys "
                + "WHERE user_id = ? AND device_id = ? ORDER BY created_at DESC, prekey_id DESC LIMIT 1",
                device.userId(), device.column()));
        if (signed == null) {
            throw new IllegalStateException("The device has no signed prekey");
        }
        Object[] oneTime = first(sql.rows("UPDATE signal_prekeys SET claimed_at = now() WHERE user_id = ? "
                + "AND device_id = ? AND prekey_id = (SELECT prekey_id FROM signal_prekeys WHERE user_id = ? "
                + "AND device_id = ? AND claimed_at IS NULL ORDER BY prekey_id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                + "RETURNING prekey_id, public_key",
                device.userId(), device.column(), device.userId(), device.column()));
        Object[] oneTimeKyber = first(sql.rows("UPDATE signal_kyber_prekeys SET claimed_at = now() WHERE "
                + "user_id = ? AND device_id = ? AND prekey_id = (SELECT prekey_id FROM signal_kyber_prekeys "
                + "WHERE user_id = ? AND device_id = ? AND NOT last_resort AND claimed_at IS NULL "
                + "ORDER BY prekey_id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING prekey_id, public_key, signature",
                device.userId(), device.column(), device.userId(), device.column()));
        Object[] kyber = oneTimeKyber != null ? oneTimeKyber : first(sql.rows("SELECT prekey_id, public_key, "
                + "signature FROM signal_kyber_prekeys WHERE user_id = ? AND device_id = ? AND last_resort "
                + "ORDER BY created_at DESC, prekey_id DESC LIMIT 1", device.userId(), device.column()));
        if (kyber == null) {
            throw new IllegalStateException("The device has no last-resort Kyber prekey");
        }
        Object[] left = sql.rows("SELECT (SELECT count(*) FROM (SELECT 1 FROM signal_prekeys WHERE user_id = ? "
                        + "AND device_id = ? AND claimed_at IS NULL LIMIT ?) e), (SELECT count(*) FROM (SELECT 1 FROM "
                        + "signal_kyber_prekeys WHERE user_id = ? AND device_id = ? AND NOT last_resort AND "
                        + "claimed_at IS NULL LIMIT ?) k)",
                device.userId(), device.column(), countLeftUpTo, device.userId(), device.column(), countLeftUpTo)
                .get(0);
        try {
            PreKeyBundle bundle = new PreKeyBundle(KeyTables.number(deviceRow[0]), device.deviceId(),
                    oneTime == null ? PreKeyBundle.NULL_PRE_KEY_ID : KeyTables.number(oneTime[0]),
                    oneTime == null ? null : new ECPublicKey((byte[]) oneTime[1]),
                    KeyTables.number(signed[0]), new ECPublicKey((byte[]) signed[1]), (byte[]) signed[2],
                    new IdentityKey((byte[]) deviceRow[1]),
                    KeyTables.number(kyber[0]), new KEMPublicKey((byte[]) kyber[1]), (byte[]) kyber[2]);
            return new Claimed(bundle, oneTime != null, oneTimeKyber != null,
                    new PreKeyStock(KeyTables.number(left[0]), KeyTables.number(left[1])));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("A stored public key does not parse", e);
        }
    }

    private static Object[] first(List<Object[]> rows) {
        return rows.isEmpty() ? null : rows.get(0);
    }
}
