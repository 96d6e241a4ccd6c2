package app.famichat.recovery;

import app.famichat.delivery.MessagePush;
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
 * Every node's subscription to family recovery news ({@value Messaging#RECOVERY_TOPIC}), non-durable like the
 * status announcements: the node holding sockets of the recipient pushes the frame to each of them, through the
 * receivers the delivery package keeps for every socket ({@link MessagePush#recoveryNews}).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = Messaging.RESOURCE_ADAPTER),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Messaging.RECOVERY_TOPIC),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "NonDurable"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RecoveryListener implements MessageListener {

    private static final Logger LOG = Logger.getLogger(RecoveryListener.class.getName());

    @Inject
    MessagePush push;

    @Override
    public void onMessage(Message message) {
        try {
            push.recoveryNews(RecoveryAnnouncer.recipient(message), RecoveryAnnouncer.read(message));
        } catch (JMSException | RuntimeException e) {
            // The client sees the request at its next read of the lists.
            LOG.log(Level.WARNING, "Could not push family recovery news", e);
        }
    }
}
