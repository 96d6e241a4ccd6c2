package app.famichat.bench.floor;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.UUID;

/**
 * The fan-out queue's consumer, configured as Famichat's EncryptionListener (8 sessions, no container
 * transaction: the row commits, then the message is acknowledged); then the frame to the recipient's socket.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = FloorResources.RESOURCE_ADAPTER),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = FloorResources.QUEUE),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class FloorListener implements MessageListener {

    @Inject
    FloorStore store;

    @Override
    public void onMessage(Message message) {
        try {
            UUID messageId = UUID.fromString(message.getStringProperty("messageId"));
            String recipient = message.getStringProperty("recipient");
            if (store.store(messageId, message.getStringProperty("sender"), recipient, message.getBody(byte[].class))) {
                FloorSocket.push(recipient, messageId);
            }
        } catch (JMSException e) {
            throw new JMSRuntimeException("Unreadable message", e.getErrorCode(), e);
        }
    }
}
