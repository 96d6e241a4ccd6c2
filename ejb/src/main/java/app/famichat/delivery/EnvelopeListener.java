package app.famichat.delivery;

import app.famichat.platform.jms.Messaging;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every node's subscription to envelope announcements; the node holding the device's socket pushes. No
 * transaction: the push takes envelopes in transactions of its own and writes to sockets only after they commit.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = Messaging.RESOURCE_ADAPTER),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Messaging.ENVELOPES_TOPIC),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "NonDurable"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EnvelopeListener implements MessageListener {

    private static final Logger LOG = Logger.getLogger(EnvelopeListener.class.getName());

    @Inject
    MessagePush push;

    @Override
    public void onMessage(Message message) {
        try {
            push.envelopesWaiting(EnvelopeAnnouncer.read(message));
        } catch (JMSException | RuntimeException e) {
            // The envelope stays waiting; the device gets it on its next connect or fetch.
            LOG.log(Level.WARNING, "Could not push an announced envelope", e);
        }
    }
}
