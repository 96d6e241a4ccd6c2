package app.famichat.connections;

import app.famichat.platform.jms.Messaging;
import app.famichat.sessions.SessionsRevoked;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.util.Arrays;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells every node about revoked tokens, so that each closes the sockets authenticated with them.
 *
 * <p>One code path: this node does not close its own sockets here. It receives its own broadcast on
 * {@value Messaging#SESSIONS_REVOKED_TOPIC} like every other node ({@link RevocationListener}), so the local
 * and the remote case cannot drift apart, and a single-node test exercises the multi-node path. The price is a
 * broker round trip (about a millisecond) before a local socket closes.
 *
 * <p>The message carries the user id and token hashes, never tokens. It is non-persistent: a node that is down
 * has no sockets to close. If the broadcast fails, the tokens are revoked all the same and each node's heartbeat
 * closes the sockets within one interval ({@link LocalConnections#heartbeat}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RevocationBroadcast {

    private static final Logger LOG = Logger.getLogger(RevocationBroadcast.class.getName());

    static final String USER_ID = "famichatUserId";

    @Resource(lookup = Messaging.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    /** Runs once the revoking transaction has committed: sockets must not close for a sign-out that rolled back. */
    public void broadcast(@Observes(during = TransactionPhase.AFTER_SUCCESS) SessionsRevoked revoked) {
        try (JMSContext context = connectionFactory.createContext()) {
            TextMessage message = context.createTextMessage(String.join(",", revoked.tokenHashes()));
            message.setStringProperty(USER_ID, revoked.userId().toString());
            context.createProducer()
                    .setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                    .send(context.createTopic(Messaging.SESSIONS_REVOKED_TOPIC), message);
        } catch (JMSException | JMSRuntimeException e) {
            LOG.log(Level.WARNING, "Could not broadcast a token revocation; the heartbeat will close its sockets", e);
        }
    }

    static SessionsRevoked read(Message message) throws JMSException {
        return new SessionsRevoked(UUID.fromString(message.getStringProperty(USER_ID)),
                Arrays.asList(message.getBody(String.class).split(",")));
    }
}
