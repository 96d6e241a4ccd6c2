package app.famichat.skeleton;

import app.famichat.platform.jms.Messaging;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.UUID;

/**
 * Consumes the skeleton fan-out queue. Thin on purpose: it decodes the message and calls the service inside the
 * container's transaction. Any exception rolls the transaction back and the broker redelivers (up to the
 * broker's max delivery attempts, then the dead-letter address).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = Messaging.RESOURCE_ADAPTER),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Messaging.SKELETON_QUEUE),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
})
public class SkeletonDeliveryListener implements MessageListener {

    @Inject
    SkeletonService service;

    @Override
    public void onMessage(Message message) {
        try {
            service.deliver(
                    UUID.fromString(message.getStringProperty(JmsSkeletonFanOut.SEND_ID)),
                    message.getStringProperty(JmsSkeletonFanOut.TARGET),
                    message.getIntProperty("JMSXDeliveryCount"),
                    message.getLongProperty(JmsSkeletonFanOut.PUBLISHED_AT_MICROS));
        } catch (JMSException e) {
            throw new JMSRuntimeException("Unreadable skeleton message", e.getErrorCode(), e);
        }
    }
}
