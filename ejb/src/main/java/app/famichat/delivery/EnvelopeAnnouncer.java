package app.famichat.delivery;

import app.famichat.platform.jms.Messaging;
import app.famichat.accounts.DeviceAddress;
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
 * Announces a committed envelope on {@value Messaging#ENVELOPES_TOPIC}, after the encrypting transaction has
 * committed ({@link FanOutCompletion}; so only a committed envelope is announced) and outside any transaction.
 * Non-persistent: a lost announcement (a node that stops between the commit and the announcement, a broker
 * restart) only delays a push until the device's next connect or fetch, or the next push to it, which take
 * everything waiting.
 */
@ApplicationScoped
class EnvelopeAnnouncer {

    static final String USER = "famichatUser";
    static final String DEVICE = "famichatDevice";

    @Resource(lookup = Messaging.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    void announce(DeviceAddress recipient) {
        try (JMSContext context = connectionFactory.createContext()) {
            Message message = context.createMessage();
            message.setStringProperty(USER, recipient.userId().toString());
            message.setIntProperty(DEVICE, recipient.deviceId());
            context.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                    .send(context.createTopic(Messaging.ENVELOPES_TOPIC), message);
        } catch (JMSException e) {
            throw new JMSRuntimeException("Could not announce an envelope", e.getErrorCode(), e);
        }
    }

    /** The device an announcement is for. */
    static DeviceAddress read(Message message) throws JMSException {
        return new DeviceAddress(UUID.fromString(message.getStringProperty(USER)), message.getIntProperty(DEVICE));
    }
}
