package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What happens once an envelope has committed, outside the encrypting transaction: the envelope is announced on
 * {@value app.famichat.platform.jms.Messaging#ENVELOPES_TOPIC}. (The message's fan-out count is part of the
 * encrypting transaction, {@link EnvelopeEncryptor}.)
 */
@Stateless
public class FanOutCompletion {

    private static final Logger LOG = Logger.getLogger(FanOutCompletion.class.getName());

    @Inject
    EnvelopeAnnouncer announcer;

    /**
     * An envelope has committed: announce it to the node holding the device's socket. The announcement is sent
     * outside any transaction (it is non-persistent anyway): in the encrypting transaction it made the broker a
     * second XA resource of every envelope, with a prepare and a commit of its own.
     */
    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void envelopeCommitted(DeviceAddress recipient) {
        try {
            announcer.announce(recipient);
        } catch (RuntimeException e) {
            // The envelope stays waiting; the device gets it on its next connect or fetch, or with its next push.
            LOG.log(Level.WARNING, "Could not announce a committed envelope", e);
        }
    }
}
