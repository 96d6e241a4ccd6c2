package app.famichat.delivery;

import app.famichat.platform.jms.Messaging;
import app.famichat.send.JmsFanOut;
import app.famichat.vault.VaultException;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumes the fan-out queue: thin, it decodes the message and calls {@link EnvelopeEncryptor}, whose database
 * transaction commits before the message is acknowledged. The message group (sending device -> recipient device)
 * keeps one pair on one consumer, in order.
 *
 * <p>An idempotent consumer rather than an XA one: the broker is not part of the encrypting transaction (with it,
 * every envelope was a two-phase commit: broker prepare, PostgreSQL, Payara's transaction log, broker commit).
 * A failure before the commit rolls the database back and the exception makes the broker redeliver (after its
 * maximum delivery attempts it moves the message to the dead-letter queue, docs/operations.md); a stop between
 * the commit and the acknowledgement redelivers a message whose envelope exists, which the encryptor skips.
 * A lost database connection is not such a failure: the message waits for the database ({@link OutageWait}).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = Messaging.RESOURCE_ADAPTER),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Messaging.FAN_OUT_QUEUE),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EncryptionListener implements MessageListener {

    private static final Logger LOG = Logger.getLogger(EncryptionListener.class.getName());

    @Inject
    EnvelopeEncryptor encryptor;

    @Inject
    JmsFanOut fanOut;

    @Inject
    OutageWait outageWait;

    @Override
    public void onMessage(Message message) {
        JmsFanOut.Opened opened;
        try {
            opened = fanOut.open(message);
        } catch (JMSException e) {
            throw new JMSRuntimeException("Unreadable fan-out message", e.getErrorCode(), e);
        }
        try {
            outageWait.run(() -> encryptor.encrypt(opened));
        } catch (VaultException e) {
            // An application exception (it reaches callers unwrapped), so the container does not log it; here it
            // is a fault the operator must see before the message reaches the dead-letter queue.
            LOG.log(Level.SEVERE, "The vault refused while encrypting a fan-out message; the broker redelivers it", e);
            throw e;
        }
    }
}
