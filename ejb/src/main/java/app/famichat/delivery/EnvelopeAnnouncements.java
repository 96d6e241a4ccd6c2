package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.jms.AnnouncementKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.UUID;

/**
 * "An envelope is waiting for device X", announced once the encrypting transaction has committed
 * ({@link FanOutCompletion}; so only a committed envelope is announced); the node holding X's socket pushes
 * ({@link MessagePush#envelopesWaiting}). Not in order: pushes to different devices run side by side, and those
 * to one device coalesce in {@link MessagePush}.
 */
@ApplicationScoped
class EnvelopeAnnouncements implements AnnouncementKind<DeviceAddress> {

    static final String USER = "famichatUser";
    static final String DEVICE = "famichatDevice";

    @Inject
    MessagePush push;

    @Override
    public String name() {
        return "envelope";
    }

    @Override
    public boolean inOrder() {
        return false;
    }

    @Override
    public String ifLost() {
        return "the envelope stays waiting: the device gets it at its next connect or fetch, or with its next push";
    }

    @Override
    public void write(DeviceAddress recipient, Message message) throws JMSException {
        message.setStringProperty(USER, recipient.userId().toString());
        message.setIntProperty(DEVICE, recipient.deviceId());
    }

    @Override
    public DeviceAddress read(Message message) throws JMSException {
        return new DeviceAddress(UUID.fromString(message.getStringProperty(USER)), message.getIntProperty(DEVICE));
    }

    @Override
    public void deliver(DeviceAddress recipient) {
        push.envelopesWaiting(recipient);
    }
}
