package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.platform.persistence.Rows;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Questions about the prekeys of all devices with Signal keys (those with a {@code signal_prekey_ids} row): which
 * need work, and the lowest stock. The answers are candidates: the per-device job decides again under the
 * device's lock, since another node may have done the work in between.
 *
 * <p>Each question reads committed rows in a short transaction of its own, never the caller's: the sweep then
 * gives each device a transaction of its own, and the metrics gauges ask from the metrics endpoint's thread. An
 * EJB (public, as EJB classes must be) for that transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class KeyCensus {

    /**
     * The sweep's devices: those of hosted users. A locked user's keys are maintained while they are signed in
     * (custody.Keyrings#maintainKeys); the sweep could neither sign nor seal them.
     */
    private static final String HOSTED_ONLY = " JOIN users u ON u.id = k.user_id WHERE u.custody = 'hosted'";

    /** A device and its unclaimed one-time prekeys, counted up to some number. */
    private record DeviceStock(DeviceAddress device, PreKeyStock unclaimed) {
    }

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Inject
    KeySettings settings;

    /**
     * Devices whose stock is low ({@link StockPolicy#isLow}). The SQL only counts, up to where the count can still
     * change the answer ({@link StockPolicy#countUpTo}); the policy decides.
     */
    public List<DeviceAddress> belowLowWater() {
        StockPolicy policy = settings.stock();
        int upTo = policy.countUpTo();
        return Rows.list(em.createNativeQuery("SELECT k.user_id, k.device_id, "
                                + "(SELECT count(*) FROM (SELECT 1 FROM signal_prekeys p WHERE p.user_id = k.user_id AND "
                                + "p.device_id = k.device_id AND p.claimed_at IS NULL LIMIT ?) e), "
                                + "(SELECT count(*) FROM (SELECT 1 FROM signal_kyber_prekeys p WHERE p.user_id = k.user_id "
                                + "AND p.device_id = k.device_id AND NOT p.last_resort AND p.claimed_at IS NULL LIMIT ?) y) "
                                + "FROM signal_prekey_ids k" + HOSTED_ONLY)
                        .setParameter(1, upTo).setParameter(2, upTo),
                        row -> new DeviceStock(new DeviceAddress(row.uuid(0), row.intValue(1)),
                                new PreKeyStock(row.intValue(2), row.intValue(3))))
                .stream().filter(stock -> policy.isLow(stock.unclaimed())).map(DeviceStock::device).toList();
    }

    /**
     * Devices whose newest signed or last-resort prekey is due for replacement, or that have such a key to delete
     * (two or more created before the grace period began: see {@link RotationPolicy#retired}).
     */
    public List<DeviceAddress> dueForRotation(Instant now) {
        RotationPolicy policy = settings.rotation();
        Object rotateBefore = DatabaseClock.utc(policy.rotateBefore(now));
        Object graceBegan = DatabaseClock.utc(policy.graceBegan(now));
        return Rows.list(em.createNativeQuery("SELECT k.user_id, k.device_id FROM signal_prekey_ids k"
                        + HOSTED_ONLY + " AND (coalesce((SELECT max(s.created_at) FROM signal_signed_prekeys s WHERE s.user_id = k.user_id "
                        + "AND s.device_id = k.device_id), '-infinity') <= ? OR "
                        + "coalesce((SELECT max(y.created_at) FROM signal_kyber_prekeys y WHERE y.user_id = k.user_id "
                        + "AND y.device_id = k.device_id AND y.last_resort), '-infinity') <= ? OR "
                        + "(SELECT count(*) FROM signal_signed_prekeys s WHERE s.user_id = k.user_id AND "
                        + "s.device_id = k.device_id AND s.created_at <= ?) > 1 OR "
                        + "(SELECT count(*) FROM signal_kyber_prekeys y WHERE y.user_id = k.user_id AND "
                        + "y.device_id = k.device_id AND y.last_resort AND y.created_at <= ?) > 1)")
                        .setParameter(1, rotateBefore).setParameter(2, rotateBefore)
                        .setParameter(3, graceBegan).setParameter(4, graceBegan),
                row -> new DeviceAddress(row.uuid(0), row.intValue(1)));
    }

    /** The devices of one user that have Signal keys. */
    public List<DeviceAddress> devicesOf(UUID userId) {
        return Rows.list(em.createNativeQuery("SELECT user_id, device_id FROM signal_prekey_ids WHERE user_id = ?")
                .setParameter(1, userId), row -> new DeviceAddress(row.uuid(0), row.intValue(1)));
    }

    /** The lowest unclaimed one-time stock of each kind over all devices; empty when there is no device. */
    public Optional<PreKeyStock> lowestStock() {
        return Rows.list(em.createNativeQuery("SELECT min(e), min(y) FROM (SELECT "
                        + "(SELECT count(*) FROM signal_prekeys p WHERE p.user_id = k.user_id AND "
                        + "p.device_id = k.device_id AND p.claimed_at IS NULL) e, "
                        + "(SELECT count(*) FROM signal_kyber_prekeys p WHERE p.user_id = k.user_id AND "
                        + "p.device_id = k.device_id AND NOT p.last_resort AND p.claimed_at IS NULL) y "
                        + "FROM signal_prekey_ids k) s"),
                row -> row.isNull(0) ? Optional.<PreKeyStock>empty()
                        : Optional.of(new PreKeyStock(row.intValue(0), row.intValue(1)))).get(0);
    }
}
