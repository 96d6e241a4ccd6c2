package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What happens once an envelope has committed, outside the encrypting transaction: the envelope is announced on
 * {@value app.famichat.platform.jms.Messaging#ENVELOPES_TOPIC}, and the message is counted as fanned out when its
 * last envelope is in ({@link FanOutCount}, in a transaction of its own).
 */
@Stateless
public class FanOutCompletion {

    private static final Logger LOG = Logger.getLogger(FanOutCompletion.class.getName());

    @Inject
    EnvelopeAnnouncer announcer;

    @Inject
    FanOutCount count;

    @Inject
    OutageWait outageWait;

    /**
     * An envelope has committed: announce it to the node holding the device's socket, then count the message as
     * fanned out if this was its last envelope. The announcement is sent outside any transaction (it is
     * non-persistent anyway): in the encrypting transaction it made the broker a second XA resource of every
     * envelope, with a prepare and a commit of its own.
     */
    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void envelopeCommitted(UUID messageId, Instant sentAt, DeviceAddress recipient) {
        try {
            announcer.announce(recipient);
        } catch (RuntimeException e) {
            // The envelope stays waiting; the device gets it on its next connect or fetch, or with its next push.
            LOG.log(Level.WARNING, "Could not announce a committed envelope", e);
        }
        // An envelope that committed just before the database went away must still get its message counted
        // (TopologyFaultsIT saw one message left without fanned_out_at after a 20 s stop): wait for it, as the
        // encryption does.
        outageWait.run(() -> count.markIfComplete(messageId, sentAt));
    }
}
