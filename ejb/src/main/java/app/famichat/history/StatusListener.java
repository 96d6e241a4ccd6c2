package app.famichat.history;

import app.famichat.delivery.StatusAnnouncer;
import app.famichat.delivery.StatusChanged;
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
 * Every node's subscription to status announcements ({@value Messaging#STATUS_TOPIC}): a non-durable
 * subscription, so each node gets every announcement and nothing piles up for a node that is down. One session:
 * announcements are handled in the order they arrive, each reading the statuses as they are then, so a socket
 * never hears a message go back from read to delivered. No transaction of its own: nothing is written, and a
 * lost announcement costs only a live status mark (history has it).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = Messaging.RESOURCE_ADAPTER),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Messaging.STATUS_TOPIC),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "NonDurable"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StatusListener implements MessageListener {

    private static final Logger LOG = Logger.getLogger(StatusListener.class.getName());

    @Inject
    StatusPush push;

    @Override
    public void onMessage(Message message) {
        StatusChanged change;
        try {
            change = StatusAnnouncer.read(message);
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.WARNING, "Unreadable status announcement dropped", e);
            return;
        }
        try {
            push.changed(change);
        } catch (RuntimeException e) {
            // The senders see the status at their next history fetch.
            LOG.log(Level.WARNING, "Could not push a status change", e);
        }
    }
}
