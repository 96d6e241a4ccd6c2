package app.famichat.connections;

import app.famichat.platform.jms.Messaging;
import app.famichat.sessions.SessionsRevoked;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every node's subscriber to {@value Messaging#SESSIONS_REVOKED_TOPIC}: a non-durable subscription, so each node
 * gets its own copy of every broadcast (the sender included) and nothing piles up for a node that is down. One
 * session: a topic subscription per session would deliver each message once per session. No transaction: closing
 * a socket cannot be rolled back, and a lost message is covered by the heartbeat.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = Messaging.RESOURCE_ADAPTER),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Messaging.SESSIONS_REVOKED_TOPIC),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "NonDurable"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RevocationListener implements MessageListener {

    private static final Logger LOG = Logger.getLogger(RevocationListener.class.getName());

    @Inject
    LocalConnections connections;

    @Override
    public void onMessage(Message message) {
        SessionsRevoked revoked;
        try {
            revoked = RevocationBroadcast.read(message);
        } catch (JMSException | RuntimeException e) {
            // Redelivery would not help a malformed message; the heartbeat still checks every token.
            LOG.log(Level.WARNING, "Unreadable revocation broadcast dropped", e);
            return;
        }
        connections.revoked(revoked.userId(), Set.copyOf(revoked.tokenHashes()));
    }
}
