package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Records security events (an envelope that failed authentication, an unexpected identity key, a recovery code
 * set, revoked or used) in {@code security_events} and the server log: kinds and ids, never content or keys.
 * In the caller's transaction: a refused request that rolls back leaves none (its rate limit counts it).
 */
@ApplicationScoped
public class SecurityEvents {

    private static final Logger LOG = Logger.getLogger(SecurityEvents.class.getName());

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    void envelopeRefused(DecryptFailure reason, DeviceAddress recipient, UUID messageId) {
        em.createNativeQuery("INSERT INTO security_events (kind, user_id, device_id, message_id, occurred_at) "
                        + "VALUES (?, ?, ?, ?, now())")
                .setParameter(1, "envelope_" + reason.label()).setParameter(2, recipient.userId())
                .setParameter(3, recipient.column()).setParameter(4, messageId).executeUpdate();
        LOG.warning(() -> "Security event: an envelope did not decrypt (" + reason.label() + "), message "
                + messageId);
    }

    /**
     * A locked sender's message that can never be encrypted for one recipient device (its send key was gone): the
     * sender's event (their device, the message), so that it is found with their account's other events.
     */
    void sendKeyGone(DeviceAddress sender, UUID messageId) {
        em.createNativeQuery("INSERT INTO security_events (kind, user_id, device_id, message_id, occurred_at) "
                        + "VALUES ('send_key_gone', ?, ?, ?, now())")
                .setParameter(1, sender.userId()).setParameter(2, sender.column()).setParameter(3, messageId)
                .executeUpdate();
        LOG.warning(() -> "Security event: a locked sender's send key was gone (expired or deleted) before the "
                + "encryption for one recipient device, message " + messageId + ": failed for that device");
    }

    /** Something that happened to an account's keys ({@code kind} at most 32 characters, e.g. recovery_code_used). */
    public void accountEvent(String kind, UUID userId) {
        em.createNativeQuery("INSERT INTO security_events (kind, user_id, occurred_at) VALUES (?, ?, now())")
                .setParameter(1, kind).setParameter(2, userId).executeUpdate();
        LOG.info(() -> "Security event: " + kind + ", user " + userId);
    }
}
