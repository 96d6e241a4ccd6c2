package app.famichat.skeleton;

import app.famichat.platform.jms.Messaging;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import java.util.UUID;

/**
 * Publishes to {@value Messaging#SKELETON_QUEUE} through the XA connection factory, so the message is only
 * visible to consumers once the caller's JTA transaction commits.
 */
@ApplicationScoped
class JmsSkeletonFanOut implements SkeletonFanOut {

    static final String SEND_ID = "famichatSendId";
    static final String TARGET = "famichatTarget";
    static final String PUBLISHED_AT_MICROS = "famichatPublishedAtMicros";

    @Resource(lookup = Messaging.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Override
    public void publish(UUID sendId, String target) {
        try (JMSContext context = connectionFactory.createContext()) {
            Message message = context.createMessage();
            message.setStringProperty(SEND_ID, sendId.toString());
            message.setStringProperty(TARGET, target);
            message.setLongProperty(PUBLISHED_AT_MICROS, Clock.nowMicros());
            // One consumer at a time per target, in order: the shape the real fan-out needs per device pair.
            message.setStringProperty("JMSXGroupID", target);
            context.createProducer()
                    .setDeliveryMode(DeliveryMode.PERSISTENT)
                    .send(context.createQueue(Messaging.SKELETON_QUEUE), message);
        } catch (JMSException e) {
            throw new JMSRuntimeException("Could not publish skeleton delivery", e.getErrorCode(), e);
        }
    }
}
