package app.famichat.platform.jms;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;

/**
 * Announcements to every node: a message without a body, its facts in properties, sent non-persistent to a topic
 * that each node subscribes to without durability. Callers send outside any transaction (after the one that made
 * the news has committed), and a lost announcement must only delay something that a client also gets another way.
 */
@ApplicationScoped
public class Announcements {

    /** Writes an announcement's properties. */
    @FunctionalInterface
    public interface Properties {
        void write(Message message) throws JMSException;
    }

    @Resource(lookup = Messaging.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    /** Sends one announcement to {@code topic}; a failure is a {@link JMSRuntimeException}. */
    public void announce(String topic, Properties properties) {
        try (JMSContext context = connectionFactory.createContext()) {
            Message message = context.createMessage();
            properties.write(message);
            context.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                    .send(context.createTopic(topic), message);
        } catch (JMSException e) {
            throw new JMSRuntimeException("Could not announce on " + topic, e.getErrorCode(), e);
        }
    }
}
