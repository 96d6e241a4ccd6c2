package app.famichat.messaging;

import app.famichat.platform.jms.Messaging;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes the fan-out queue: thin, it decodes the message and calls {@link EnvelopeEncryptor} in the container's
 * transaction. The message group (sending device -> recipient device) keeps one pair on one consumer, in order.
 * An exception rolls back; the broker redelivers, and after its maximum delivery attempts moves the message to
 * the dead-letter queue (docs/operations.md).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = Messaging.RESOURCE_ADAPTER),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Messaging.FAN_OUT_QUEUE),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")
})
public class EncryptionListener implements MessageListener {

    @Inject
    EnvelopeEncryptor encryptor;

    @Override
    public void onMessage(Message message) {
        try {
            encryptor.encrypt(JmsFanOut.read(message), JmsFanOut.sealedBody(message));
        } catch (JMSException e) {
            throw new JMSRuntimeException("Unreadable fan-out message", e.getErrorCode(), e);
        }
    }
}
