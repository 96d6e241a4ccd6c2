package app.famichat.recovery;

import app.famichat.delivery.RecoveryNews;
import app.famichat.platform.jms.Announcements;
import app.famichat.platform.jms.Messaging;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Announces family recovery news on {@value Messaging#RECOVERY_TOPIC} once its transaction has committed (a refused
 * or rolled-back change announces nothing), outside any transaction: one non-persistent message per recipient, to
 * every node ({@link RecoveryListener}). A lost announcement only means the owner or guardian sees the request at
 * their next read of it (the web client reads the lists when it opens).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RecoveryAnnouncer {

    private static final Logger LOG = Logger.getLogger(RecoveryAnnouncer.class.getName());

    static final String USER = "famichatUser";
    static final String KIND = "famichatKind";
    static final String REQUEST = "famichatRequest";
    static final String DEVICE = "famichatDevice";
    static final String ADDRESS = "famichatAddress";
    static final String EXPIRES_AT = "famichatExpiresAt";

    @Inject
    Announcements announcements;

    public void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) RecoveryAnnouncement announcement) {
        RecoveryNews news = announcement.news();
        for (UUID recipient : announcement.recipients()) {
            try {
                announcements.announce(Messaging.RECOVERY_TOPIC, message -> {
                    message.setStringProperty(USER, recipient.toString());
                    message.setStringProperty(KIND, news.kind().name());
                    message.setStringProperty(REQUEST, news.requestId().toString());
                    if (news.kind() == RecoveryNews.Kind.RECOVERY_REQUESTED) {
                        message.setStringProperty(DEVICE, news.device());
                        message.setStringProperty(ADDRESS, news.address());
                        message.setStringProperty(EXPIRES_AT, news.expiresAt().toString());
                    }
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not announce family recovery news", e);
            }
        }
    }

    /** The recipient of an announcement. */
    static UUID recipient(Message message) throws JMSException {
        return UUID.fromString(message.getStringProperty(USER));
    }

    /** The news an announcement tells of. */
    static RecoveryNews read(Message message) throws JMSException {
        RecoveryNews.Kind kind = RecoveryNews.Kind.valueOf(message.getStringProperty(KIND));
        UUID request = UUID.fromString(message.getStringProperty(REQUEST));
        if (kind == RecoveryNews.Kind.GUARDIAN_REQUEST) {
            return RecoveryNews.guardianRequest(request);
        }
        return new RecoveryNews(kind, request, message.getStringProperty(DEVICE), message.getStringProperty(ADDRESS),
                Instant.parse(message.getStringProperty(EXPIRES_AT)));
    }
}
