package app.famichat.keys;

import app.famichat.platform.errors.FamichatException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/**
 * Takes a device's prekey bundle. Each one-time prekey (EC and Kyber) is handed out at most once, even under
 * concurrent claims from many threads and nodes: one statement marks the lowest unclaimed key as claimed, skipping
 * rows another transaction holds ({@code FOR UPDATE SKIP LOCKED}). The row itself stays until the hosted device
 * uses the key (its private part is needed to answer). With no one-time EC key left the bundle has none
 * ({@link PreKeyBundle#NULL_PRE_KEY_ID}); with no one-time Kyber key left it carries the last-resort Kyber key.
 */
@ApplicationScoped
public class BundleClaims {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Transactional
    public PreKeyBundle claim(UUID userId, int deviceId) {
        short device = (short) deviceId;
        List<?> deviceRows = em.createNativeQuery("SELECT d.registration_id, i.public_key FROM devices d "
                        + "JOIN signal_identity_keys i ON i.user_id = d.user_id WHERE d.user_id = ? AND d.device_id = ?")
                .setParameter(1, userId).setParameter(2, device).getResultList();
        if (deviceRows.isEmpty()) {
            throw FamichatException.notFound("No such device with Signal keys");
        }
        Object[] deviceRow = (Object[]) deviceRows.get(0);

        Object[] signed = first(em.createNativeQuery("SELECT prekey_id, public_key, signature FROM signal_signed_prekeys "
                        + "WHERE user_id = ? AND device_id = ? ORDER BY created_at DESC, prekey_id DESC LIMIT 1")
                .setParameter(1, userId).setParameter(2, device).getResultList());
        if (signed == null) {
            throw new IllegalStateException("The device has no signed prekey");
        }

        Object[] oneTime = first(em.createNativeQuery("UPDATE signal_prekeys SET claimed_at = now() WHERE user_id = ? "
                        + "AND device_id = ? AND prekey_id = (SELECT prekey_id FROM signal_prekeys WHERE user_id = ? "
                        + "AND device_id = ? AND claimed_at IS NULL ORDER BY prekey_id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                        + "RETURNING prekey_id, public_key")
                .setParameter(1, userId).setParameter(2, device).setParameter(3, userId).setParameter(4, device)
                .getResultList());

        Object[] kyber = first(em.createNativeQuery("UPDATE signal_kyber_prekeys SET claimed_at = now() WHERE "
                        + "user_id = ? AND device_id = ? AND prekey_id = (SELECT prekey_id FROM signal_kyber_prekeys "
                        + "WHERE user_id = ? AND device_id = ? AND NOT last_resort AND claimed_at IS NULL "
                        + "ORDER BY prekey_id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING prekey_id, public_key, signature")
                .setParameter(1, userId).setParameter(2, device).setParameter(3, userId).setParameter(4, device)
                .getResultList());
        if (kyber == null) {
            kyber = first(em.createNativeQuery("SELECT prekey_id, public_key, signature FROM signal_kyber_prekeys "
                            + "WHERE user_id = ? AND device_id = ? AND last_resort ORDER BY created_at DESC LIMIT 1")
                    .setParameter(1, userId).setParameter(2, device).getResultList());
            if (kyber == null) {
                throw new IllegalStateException("The device has no last-resort Kyber prekey");
            }
        }

        try {
            return new PreKeyBundle(((Number) deviceRow[0]).intValue(), deviceId,
                    oneTime == null ? PreKeyBundle.NULL_PRE_KEY_ID : ((Number) oneTime[0]).intValue(),
                    oneTime == null ? null : new ECPublicKey((byte[]) oneTime[1]),
                    ((Number) signed[0]).intValue(), new ECPublicKey((byte[]) signed[1]), (byte[]) signed[2],
                    new IdentityKey((byte[]) deviceRow[1]),
                    ((Number) kyber[0]).intValue(), new KEMPublicKey((byte[]) kyber[1]), (byte[]) kyber[2]);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("A stored public key does not parse", e);
        }
    }

    /** Unclaimed one-time prekeys of a device: EC and Kyber. */
    @Transactional
    public Stock stock(UUID userId, int deviceId) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT (SELECT count(*) FROM signal_prekeys WHERE user_id = ? "
                        + "AND device_id = ? AND claimed_at IS NULL), (SELECT count(*) FROM signal_kyber_prekeys WHERE "
                        + "user_id = ? AND device_id = ? AND NOT last_resort AND claimed_at IS NULL)")
                .setParameter(1, userId).setParameter(2, (short) deviceId)
                .setParameter(3, userId).setParameter(4, (short) deviceId).getSingleResult();
        return new Stock(((Number) row[0]).intValue(), ((Number) row[1]).intValue());
    }

    public record Stock(int oneTimeEc, int oneTimeKyber) {
    }

    private static Object[] first(List<?> rows) {
        return rows.isEmpty() ? null : (Object[]) rows.get(0);
    }
}
