package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.jms.Announcements;
import app.famichat.platform.jms.Messaging;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.UUID;

/**
 * Announces a committed envelope on {@value Messaging#ENVELOPES_TOPIC}, after the encrypting transaction has
 * committed ({@link FanOutCompletion}; so only a committed envelope is announced) and outside any transaction.
 * Non-persistent: a lost announcement (a node that stops between the commit and the announcement, a broker
 * restart) only delays a push until the device's next connect or fetch, or the next push to it, which take
 * everything waiting.
 */
@ApplicationScoped
class EnvelopeAnnouncer {

    static final String USER = "famichatUser";
    static final String DEVICE = "famichatDevice";

    @Inject
    Announcements announcements;

    void announce(DeviceAddress recipient) {
        announcements.announce(Messaging.ENVELOPES_TOPIC, message -> {
            message.setStringProperty(USER, recipient.userId().toString());
            message.setIntProperty(DEVICE, recipient.deviceId());
        });
    }

    /** The device an announcement is for. */
    static DeviceAddress read(Message message) throws JMSException {
        return new DeviceAddress(UUID.fromString(message.getStringProperty(USER)), message.getIntProperty(DEVICE));
    }
}
