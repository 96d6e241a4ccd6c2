package app.famichat.history;

import app.famichat.delivery.StatusChanged;
import app.famichat.platform.jms.AnnouncementKind;
import app.famichat.platform.jms.Announcements;
import app.famichat.send.HistoryEntry.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.UUID;

/**
 * "The status of messages [fromSeq, toSeq] of conversation X may have moved": a {@link StatusChanged}, announced
 * once its transaction has committed (a rolled-back ack or read announces nothing), one announcement per commit
 * whatever the number of messages it covers; the nodes holding a socket of a sender of those messages push status
 * frames ({@link StatusPush}). In order: each announcement reads the statuses as they are then, so a socket never
 * hears a message go back from read to delivered.
 */
@ApplicationScoped
class StatusAnnouncements implements AnnouncementKind<StatusChanged> {

    static final String CONVERSATION = "famichatConversation";
    static final String FROM_SEQ = "famichatFromSeq";
    static final String TO_SEQ = "famichatToSeq";
    static final String STATUS = "famichatStatus";

    @Inject
    Announcements announcements;

    @Inject
    StatusPush push;

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) StatusChanged change) {
        announcements.announce(this, change);
    }

    @Override
    public String name() {
        return "status";
    }

    @Override
    public boolean inOrder() {
        return true;
    }

    @Override
    public String ifLost() {
        return "the senders see the status at their next history fetch, where it is computed anew";
    }

    @Override
    public void write(StatusChanged change, Message message) throws JMSException {
        message.setStringProperty(CONVERSATION, change.conversationId().toString());
        message.setLongProperty(FROM_SEQ, change.fromSeq());
        message.setLongProperty(TO_SEQ, change.toSeq());
        message.setStringProperty(STATUS, change.status().name());
    }

    @Override
    public StatusChanged read(Message message) throws JMSException {
        return new StatusChanged(UUID.fromString(message.getStringProperty(CONVERSATION)),
                message.getLongProperty(FROM_SEQ), message.getLongProperty(TO_SEQ),
                Status.valueOf(message.getStringProperty(STATUS)));
    }

    @Override
    public void deliver(StatusChanged change) {
        push.changed(change);
    }
}
