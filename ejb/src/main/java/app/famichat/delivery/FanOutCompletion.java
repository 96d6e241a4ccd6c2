package app.famichat.delivery;

import app.famichat.send.DeviceAddress;
import app.famichat.send.MessageStore;
import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What happens once an envelope has committed, outside the encrypting transaction: the envelope is announced on
 * {@value app.famichat.platform.jms.Messaging#ENVELOPES_TOPIC}, and the message is counted as fanned out when its
 * last envelope is in, for the "send -> all envelopes committed" latency. Each message is counted once even when
 * its last envelopes commit at the same moment on different threads or nodes (a conditional update decides).
 */
@Stateless
public class FanOutCompletion {

    @Inject
    MessageStore messages;

    @Inject
    EnvelopeAnnouncer announcer;

    @Inject
    DeliveryMetrics metrics;

    @Resource
    SessionContext context;

    private static final Logger LOG = Logger.getLogger(FanOutCompletion.class.getName());

    /**
     * An envelope has committed: announce it to the node holding the device's socket, then count the message as
     * fanned out if this was its last envelope. The announcement is sent outside any transaction (it is
     * non-persistent anyway): in the encrypting transaction it made the broker a second XA resource of every
     * envelope, with a prepare and a commit of its own.
     */
    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void envelopeCommitted(UUID messageId, long sentAtMicros, DeviceAddress recipient) {
        try {
            announcer.announce(recipient);
        } catch (RuntimeException e) {
            // The envelope stays waiting; the device gets it on its next connect or fetch, or with its next push.
            LOG.log(Level.WARNING, "Could not announce a committed envelope", e);
        }
        context.getBusinessObject(FanOutCompletion.class).markIfComplete(messageId, sentAtMicros);
    }

    /** In a transaction of its own. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void markIfComplete(UUID messageId, long sentAtMicros) {
        if (messages.markFannedOutIfComplete(messageId)) {
            metrics.fannedOut(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) - sentAtMicros);
        }
    }
}
