package app.famichat.recovery;

import app.famichat.delivery.MessagePush;
import app.famichat.delivery.RecoveryNews;
import app.famichat.platform.jms.AnnouncementKind;
import app.famichat.platform.jms.Announcements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * "Family recovery news for users X, Y": a {@link RecoveryAnnouncement}, announced once its transaction has
 * committed (a refused or rolled-back change announces nothing); the nodes holding sockets of its recipients push
 * the frame to each of them, through the receivers the delivery package keeps for every socket
 * ({@link MessagePush#recoveryNews}). In order, so that a guardian's socket hears a request's news as it happened.
 */
@ApplicationScoped
class RecoveryAnnouncements implements AnnouncementKind<RecoveryAnnouncement> {

    static final String USERS = "famichatUsers";
    static final String KIND = "famichatRecoveryKind";
    static final String REQUEST = "famichatRequest";
    static final String DEVICE = "famichatDevice";
    static final String ADDRESS = "famichatAddress";
    static final String EXPIRES_AT = "famichatExpiresAt";

    @Inject
    Announcements announcements;

    @Inject
    MessagePush push;

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) RecoveryAnnouncement announcement) {
        announcements.announce(this, announcement);
    }

    @Override
    public String name() {
        return "recovery";
    }

    @Override
    public boolean inOrder() {
        return true;
    }

    @Override
    public String ifLost() {
        return "the owner or guardian sees the request at their next read of it (the web client reads the lists"
                + " when it opens)";
    }

    @Override
    public void write(RecoveryAnnouncement announcement, Message message) throws JMSException {
        RecoveryNews news = announcement.news();
        message.setStringProperty(USERS, String.join(",", announcement.recipients().stream()
                .map(UUID::toString).toList()));
        message.setStringProperty(KIND, news.kind().name());
        message.setStringProperty(REQUEST, news.requestId().toString());
        if (news.kind() == RecoveryNews.Kind.RECOVERY_REQUESTED) {
            message.setStringProperty(DEVICE, news.device());
            message.setStringProperty(ADDRESS, news.address());
            message.setStringProperty(EXPIRES_AT, news.expiresAt().toString());
        }
    }

    @Override
    public RecoveryAnnouncement read(Message message) throws JMSException {
        RecoveryNews.Kind kind = RecoveryNews.Kind.valueOf(message.getStringProperty(KIND));
        UUID request = UUID.fromString(message.getStringProperty(REQUEST));
        RecoveryNews news = kind == RecoveryNews.Kind.RECOVERY_REQUESTED
                ? new RecoveryNews(kind, request, message.getStringProperty(DEVICE),
                        message.getStringProperty(ADDRESS), Instant.parse(message.getStringProperty(EXPIRES_AT)))
                : new RecoveryNews(kind, request, null, null, null); // the id only
        return new RecoveryAnnouncement(Arrays.stream(message.getStringProperty(USERS).split(","))
                .map(UUID::fromString).toList(), news);
    }

    @Override
    public void deliver(RecoveryAnnouncement announcement) {
        announcement.recipients().forEach(recipient -> push.recoveryNews(recipient, announcement.news()));
    }
}
