package app.famichat.bench.floor;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * A send: one database row and one persistent fan-out message per recipient device, in one JTA transaction (the
 * broker XA, the database its last resource), as Famichat's SendService and JmsFanOut do, without the membership,
 * limits, history copy and sealing.
 */
@Stateless
public class FloorSend {

    /** About a sealed 100-character message with its ids, as JmsFanOut's payload. */
    static final int BODY_BYTES = 256;
    /** The signal mode's content, sealed on the way: a format byte, two UUIDs and 100 characters (MessageContent). */
    static final int CONTENT_BYTES = 1 + 2 * 16 + 100;

    @Resource(lookup = FloorResources.DATA_SOURCE)
    DataSource dataSource;

    @Resource(lookup = FloorResources.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Inject
    FloorSignal signal;

    public UUID send(String sender, List<String> recipients) {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO floor_messages (id, sender) VALUES (?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, sender);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not insert the message", e);
        }
        byte[] body = new byte[signal.enabled() ? CONTENT_BYTES : BODY_BYTES];
        ThreadLocalRandom.current().nextBytes(body);
        if (signal.enabled()) {
            body = signal.seal(body, id.toString()); // the broker's journal is at rest too
        }
        try (JMSContext context = connectionFactory.createContext()) {
            Queue queue = context.createQueue(FloorResources.QUEUE);
            JMSProducer producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            for (String recipient : recipients) {
                BytesMessage message = context.createBytesMessage();
                message.writeBytes(body);
                message.setStringProperty("JMSXGroupID", sender + "->" + recipient);
                message.setStringProperty("messageId", id.toString());
                message.setStringProperty("sender", sender);
                message.setStringProperty("recipient", recipient);
                producer.send(queue, message);
            }
        } catch (JMSException e) {
            throw new JMSRuntimeException("Could not publish", e.getErrorCode(), e);
        }
        return id;
    }
}
