package app.famichat.keys;

import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.platform.persistence.FamichatDataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Questions about the prekeys of all devices with Signal keys (those with a {@code signal_prekey_ids} row): which
 * need work, and the lowest stock. The answers are candidates: the per-device job decides again under the
 * device's lock, since another node may have done the work in between.
 *
 * <p>Each question reads committed rows on a connection of its own, outside any transaction (the sweep then
 * gives each device a transaction of its own; the metrics gauges ask from the metrics endpoint's thread). An EJB,
 * as the holder of the data source: Payara Server does not deploy an EAR whose CDI beans inject it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class KeyCensus {

    @Resource(lookup = FamichatDataSource.JNDI_NAME)
    DataSource dataSource;

    /** Devices with fewer than {@code lowWater} unclaimed one-time prekeys of either kind. */
    public List<HostedDevice> belowLowWater(int lowWater) {
        return ask(sql -> devices(sql.rows("SELECT k.user_id, k.device_id FROM signal_prekey_ids k WHERE "
                + "(SELECT count(*) FROM (SELECT 1 FROM signal_prekeys p WHERE p.user_id = k.user_id AND "
                + "p.device_id = k.device_id AND p.claimed_at IS NULL LIMIT ?) e) < ? OR "
                + "(SELECT count(*) FROM (SELECT 1 FROM signal_kyber_prekeys p WHERE p.user_id = k.user_id AND "
                + "p.device_id = k.device_id AND NOT p.last_resort AND p.claimed_at IS NULL LIMIT ?) y) < ?",
                lowWater, lowWater, lowWater, lowWater)));
    }

    /**
     * Devices whose newest signed or last-resort prekey is due for replacement, or that have such a key to delete
     * (two or more created before the grace period began: see {@link RotationPolicy#retired}).
     */
    public List<HostedDevice> dueForRotation(RotationPolicy policy, Instant now) {
        Object rotateBefore = DatabaseClock.utc(policy.rotateBefore(now));
        Object graceBegan = DatabaseClock.utc(policy.graceBegan(now));
        return ask(sql -> devices(sql.rows("SELECT k.user_id, k.device_id FROM signal_prekey_ids k WHERE "
                + "coalesce((SELECT max(s.created_at) FROM signal_signed_prekeys s WHERE s.user_id = k.user_id AND "
                + "s.device_id = k.device_id), '-infinity') <= ? OR "
                + "coalesce((SELECT max(y.created_at) FROM signal_kyber_prekeys y WHERE y.user_id = k.user_id AND "
                + "y.device_id = k.device_id AND y.last_resort), '-infinity') <= ? OR "
                + "(SELECT count(*) FROM signal_signed_prekeys s WHERE s.user_id = k.user_id AND "
                + "s.device_id = k.device_id AND s.created_at <= ?) > 1 OR "
                + "(SELECT count(*) FROM signal_kyber_prekeys y WHERE y.user_id = k.user_id AND "
                + "y.device_id = k.device_id AND y.last_resort AND y.created_at <= ?) > 1",
                rotateBefore, rotateBefore, graceBegan, graceBegan)));
    }

    /** The lowest unclaimed one-time stock of each kind over all devices; empty when there is no device. */
    public Optional<PreKeyStock> lowestStock() {
        Object[] row = ask(sql -> sql.rows("SELECT min(e), min(y) FROM (SELECT "
                + "(SELECT count(*) FROM signal_prekeys p WHERE p.user_id = k.user_id AND p.device_id = k.device_id "
                + "AND p.claimed_at IS NULL) e, "
                + "(SELECT count(*) FROM signal_kyber_prekeys p WHERE p.user_id = k.user_id AND "
                + "p.device_id = k.device_id AND NOT p.last_resort AND p.claimed_at IS NULL) y "
                + "FROM signal_prekey_ids k) s").get(0));
        return row[0] == null ? Optional.empty()
                : Optional.of(new PreKeyStock(KeyTables.number(row[0]), KeyTables.number(row[1])));
    }

    private <T> T ask(Function<KeySql, T> question) {
        try (Connection connection = dataSource.getConnection()) {
            return question.apply(new JdbcKeySql(connection));
        } catch (SQLException e) {
            throw new IllegalStateException("No database connection for the key census", e);
        }
    }

    private static List<HostedDevice> devices(List<Object[]> rows) {
        return rows.stream().map(row -> new HostedDevice((UUID) row[0], KeyTables.number(row[1]))).toList();
    }
}
