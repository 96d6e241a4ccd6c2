package app.famichat.delivery;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.jms.Messaging;
import app.famichat.send.FanOutRequest;
import app.famichat.send.JmsFanOut;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The broker's dead-letter queue for operators: list what is in it, and replay a fan-out message (after fixing
 * its cause) by moving it back to the fan-out queue, in one transaction. Replaying is safe: encryption is
 * idempotent per (message, recipient device).
 */
@Stateless
public class DeadLetters {

    /** The broker's original-queue property (Artemis). */
    static final String ORIGINAL_QUEUE = "_AMQ_ORIG_QUEUE";

    /** JMS message ids as Artemis writes them; checked before an id goes into a selector. */
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[0-9a-fA-F-]{36}");

    public static final int LIST_LIMIT = 100;

    /** Counting stops here: a dead-letter queue this deep needs attention whatever the exact number. */
    public static final int COUNT_LIMIT = 10_000;

    @Resource(lookup = Messaging.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Inject
    DeliverySettings settings;

    @Inject
    JmsFanOut fanOut;

    /** The oldest {@value #LIST_LIMIT} dead letters. */
    public List<DeadLetter> list() {
        List<DeadLetter> letters = new ArrayList<>();
        browse(LIST_LIMIT, message -> letters.add(describe(message)));
        return letters;
    }

    /** How many messages the dead-letter queue holds (browsed, not consumed), up to {@value #COUNT_LIMIT}. */
    public long count() {
        long[] count = {0};
        browse(COUNT_LIMIT, message -> count[0]++);
        return count[0];
    }

    private interface Visit {
        void accept(Message message) throws JMSException;
    }

    private void browse(int limit, Visit visit) {
        try (JMSContext context = connectionFactory.createContext();
             QueueBrowser browser = context.createBrowser(context.createQueue(settings.deadLetterQueue()))) {
            Enumeration<?> messages = browser.getEnumeration();
            for (int seen = 0; seen < limit && messages.hasMoreElements(); seen++) {
                visit.accept((Message) messages.nextElement());
            }
        } catch (JMSException e) {
            throw new JMSRuntimeException("Could not browse the dead-letter queue", e.getErrorCode(), e);
        }
    }

    /** Moves a dead-lettered fan-out message back to the fan-out queue. */
    public DeadLetter replay(String id) {
        if (id == null || !MESSAGE_ID.matcher(id).matches()) {
            throw FamichatException.notFound("No such dead letter");
        }
        try (JMSContext context = connectionFactory.createContext();
             JMSConsumer consumer = context.createConsumer(context.createQueue(settings.deadLetterQueue()),
                     "JMSMessageID = '" + id + "'")) {
            Message message = consumer.receive(2_000);
            if (message == null) {
                throw FamichatException.notFound("No such dead letter");
            }
            DeadLetter letter = describe(message);
            if (!Messaging.FAN_OUT_QUEUE.equals(letter.originalQueue()) || !(message instanceof BytesMessage)) {
                throw new FamichatException(Failure.CONFLICT, "Only fan-out messages can be replayed");
            }
            BytesMessage copy = context.createBytesMessage();
            copy.writeBytes(message.getBody(byte[].class));
            copy.setStringProperty(JmsFanOut.GROUP, message.getStringProperty(JmsFanOut.GROUP));
            context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT)
                    .send(context.createQueue(Messaging.FAN_OUT_QUEUE), copy);
            return letter;
        } catch (JMSException e) {
            throw new JMSRuntimeException("Could not replay a dead letter", e.getErrorCode(), e);
        }
    }

    /** Ids and times of a dead letter; a fan-out message's are inside its sealed payload. */
    private DeadLetter describe(Message message) throws JMSException {
        String original = message.getStringProperty(ORIGINAL_QUEUE);
        Optional<FanOutRequest> request = Optional.empty();
        if (Messaging.FAN_OUT_QUEUE.equals(original) && message instanceof BytesMessage) {
            try {
                request = Optional.of(fanOut.open(message).request());
            } catch (RuntimeException unreadable) {
                // not sealed by this vault or not a fan-out payload: listed without ids
            }
        }
        Instant published = Instant.ofEpochMilli(message.getJMSTimestamp());
        return new DeadLetter(message.getJMSMessageID(), original,
                request.map(FanOutRequest::messageId).orElse(null),
                request.map(FanOutRequest::recipient).orElse(null),
                request.map(FanOutRequest::sentAt).orElse(published));
    }
}
