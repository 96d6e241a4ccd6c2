package app.famichat.accounts;

import app.famichat.platform.persistence.DatabaseClock;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;

/**
 * Removes devices nobody uses: no sign-in since a cut-off and no live token (unexpired, not revoked). With them go,
 * by the database's cascades, their prekeys, sessions, envelopes and dead tokens. One statement: a sign-in that
 * locked the device first keeps it (its new sign-in time fails the re-check); one that comes after finds no device.
 */
@Stateless
public class StaleDevices {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    /** Removes the devices unused since {@code cutoff}; returns how many. */
    public int remove(Instant cutoff, Instant now) {
        return em.createNativeQuery("DELETE FROM devices d WHERE d.last_signed_in_at < ? AND NOT EXISTS ("
                        + "SELECT 1 FROM access_tokens t WHERE t.user_id = d.user_id AND t.device_id = d.device_id "
                        + "AND t.revoked_at IS NULL AND t.expires_at > ?)")
                .setParameter(1, DatabaseClock.utc(cutoff))
                .setParameter(2, DatabaseClock.utc(now))
                .executeUpdate();
    }
}
