package app.famichat.delivery;

import app.famichat.platform.jms.Announcements;
import app.famichat.platform.jms.Messaging;
import app.famichat.send.HistoryEntry.Status;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Announces a {@link StatusChanged} on {@value Messaging#STATUS_TOPIC} once its transaction has committed (a
 * rolled-back ack or read announces nothing), outside any transaction: one non-persistent message per commit,
 * whatever the number of messages it covers. A lost announcement (a broker restart, a node that stops right after
 * the commit) only means the sender sees the status at their next history fetch, where it is computed anew.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StatusAnnouncer {

    private static final Logger LOG = Logger.getLogger(StatusAnnouncer.class.getName());

    static final String CONVERSATION = "famichatConversation";
    static final String FROM_SEQ = "famichatFromSeq";
    static final String TO_SEQ = "famichatToSeq";
    static final String STATUS = "famichatStatus";

    @Inject
    Announcements announcements;

    public void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) StatusChanged change) {
        try {
            announcements.announce(Messaging.STATUS_TOPIC, message -> {
                message.setStringProperty(CONVERSATION, change.conversationId().toString());
                message.setLongProperty(FROM_SEQ, change.fromSeq());
                message.setLongProperty(TO_SEQ, change.toSeq());
                message.setStringProperty(STATUS, change.status().name());
            });
        } catch (RuntimeException e) {
            // The status is in the database all the same; the sender sees it at their next history fetch.
            LOG.log(Level.WARNING, "Could not announce a status change", e);
        }
    }

    /** The change an announcement tells of. */
    public static StatusChanged read(Message message) throws JMSException {
        return new StatusChanged(UUID.fromString(message.getStringProperty(CONVERSATION)),
                message.getLongProperty(FROM_SEQ), message.getLongProperty(TO_SEQ),
                Status.valueOf(message.getStringProperty(STATUS)));
    }
}
