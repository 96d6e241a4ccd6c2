package app.famichat.messaging;

import app.famichat.platform.jms.Messaging;
import app.famichat.vault.KeyVault;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The fan-out queue over the XA connection factory: persistent messages that reach consumers only when the
 * sending transaction commits. The body is sealed by the key vault for each recipient device, so the broker
 * journal never holds message text.
 */
@ApplicationScoped
class JmsFanOut implements FanOut {

    static final String MESSAGE_ID = "famichatMessageId";
    static final String CONVERSATION_ID = "famichatConversationId";
    static final String SEQ = "famichatSeq";
    static final String SENDER_USER = "famichatSenderUser";
    static final String SENDER_DEVICE = "famichatSenderDevice";
    static final String RECIPIENT_USER = "famichatRecipientUser";
    static final String RECIPIENT_DEVICE = "famichatRecipientDevice";
    static final String SENT_AT_MICROS = "famichatSentAtMicros";

    @Resource(lookup = Messaging.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Inject
    KeyVault vault;

    @Override
    public void publish(List<FanOutRequest> requests, String body) {
        if (requests.isEmpty()) {
            return;
        }
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        try (JMSContext context = connectionFactory.createContext()) {
            Queue queue = context.createQueue(Messaging.FAN_OUT_QUEUE);
            JMSProducer producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            for (FanOutRequest request : requests) {
                BytesMessage message = context.createBytesMessage();
                message.writeBytes(vault.seal(text, request.bodyPlace()));
                write(request, message);
                producer.send(queue, message);
            }
        } catch (JMSException e) {
            throw new JMSRuntimeException("Could not publish a fan-out message", e.getErrorCode(), e);
        }
    }

    static void write(FanOutRequest request, Message message) throws JMSException {
        message.setStringProperty(MESSAGE_ID, request.messageId().toString());
        message.setStringProperty(CONVERSATION_ID, request.conversationId().toString());
        message.setLongProperty(SEQ, request.seq());
        message.setStringProperty(SENDER_USER, request.sender().userId().toString());
        message.setIntProperty(SENDER_DEVICE, request.sender().deviceId());
        message.setStringProperty(RECIPIENT_USER, request.recipient().userId().toString());
        message.setIntProperty(RECIPIENT_DEVICE, request.recipient().deviceId());
        message.setLongProperty(SENT_AT_MICROS, request.sentAtMicros());
        message.setStringProperty("JMSXGroupID", request.pair());
    }

    /** The request and the sealed body of a fan-out message. */
    static FanOutRequest read(Message message) throws JMSException {
        long sentAtMicros = message.getLongProperty(SENT_AT_MICROS);
        return new FanOutRequest(UUID.fromString(message.getStringProperty(MESSAGE_ID)),
                UUID.fromString(message.getStringProperty(CONVERSATION_ID)), message.getLongProperty(SEQ),
                new DeviceAddress(UUID.fromString(message.getStringProperty(SENDER_USER)),
                        message.getIntProperty(SENDER_DEVICE)),
                new DeviceAddress(UUID.fromString(message.getStringProperty(RECIPIENT_USER)),
                        message.getIntProperty(RECIPIENT_DEVICE)),
                Instant.EPOCH.plusNanos(sentAtMicros * 1_000), sentAtMicros);
    }

    static byte[] sealedBody(Message message) throws JMSException {
        return message.getBody(byte[].class);
    }
}
