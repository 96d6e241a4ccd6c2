package app.famichat.platform.jms;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Announcements to every node: a message without a body, its kind and facts in properties, sent non-persistent to
 * {@value Messaging#ANNOUNCEMENTS_TOPIC}, which each node subscribes to without durability
 * ({@link AnnouncementListener}). Sent outside any transaction (callers announce after the transaction that made
 * the news has committed; in the transaction the broker would be a second XA resource of it for a message that
 * may be lost anyway). A kind handled in order travels in a message group of its own, so that one consumer of
 * each node takes all of that kind, one at a time.
 *
 * <p>A failure to send is logged with what covers it ({@link AnnouncementKind#ifLost}) and goes no further: the
 * news is committed all the same, and no caller could do better than the kind's own fallback.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Announcements {

    private static final Logger LOG = Logger.getLogger(Announcements.class.getName());

    /** The message property naming the kind. */
    static final String KIND = "famichatKind";

    @Resource(lookup = Messaging.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    public <T> void announce(AnnouncementKind<T> kind, T news) {
        try (JMSContext context = connectionFactory.createContext()) {
            Message message = context.createMessage();
            write(kind, news, message);
            context.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                    .send(context.createTopic(Messaging.ANNOUNCEMENTS_TOPIC), message);
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not announce " + kind.name() + "; " + kind.ifLost(), e);
        }
    }

    /** Everything an announcement carries: its kind, its ordering and its news. */
    static <T> void write(AnnouncementKind<T> kind, T news, Message message) throws JMSException {
        message.setStringProperty(KIND, kind.name());
        if (kind.inOrder()) {
            message.setStringProperty("JMSXGroupID", Messaging.ANNOUNCEMENTS_TOPIC + "." + kind.name());
        }
        kind.write(news, message);
    }
}
