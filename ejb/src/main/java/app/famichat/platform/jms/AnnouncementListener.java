package app.famichat.platform.jms;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every node's subscription to {@value Messaging#ANNOUNCEMENTS_TOPIC}: a non-durable subscription, so each node
 * (the sender included: the local and the remote case are one code path) gets every announcement and nothing piles
 * up for a node that is down. Each announcement goes to its kind ({@link AnnouncementKind#deliver}).
 *
 * <p>Four sessions share the subscription, so that pushes of envelopes to different devices run side by side;
 * the kinds that need order arrive in a message group each ({@link Announcements}), which the broker gives to one
 * session at a time. No transaction and no redelivery: nothing here is written, a socket push or close cannot be
 * rolled back, and a malformed or failed announcement would fail again; each kind says what covers its loss.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = Messaging.RESOURCE_ADAPTER),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Messaging.ANNOUNCEMENTS_TOPIC),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "NonDurable"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AnnouncementListener implements MessageListener {

    private static final Logger LOG = Logger.getLogger(AnnouncementListener.class.getName());

    @Inject
    @Any
    Instance<AnnouncementKind<?>> declared;

    private Map<String, AnnouncementKind<?>> kinds;

    @PostConstruct
    void findKinds() {
        kinds = byName(declared);
    }

    static Map<String, AnnouncementKind<?>> byName(Iterable<AnnouncementKind<?>> declared) {
        Map<String, AnnouncementKind<?>> byName = new HashMap<>();
        for (AnnouncementKind<?> kind : declared) {
            if (byName.putIfAbsent(kind.name(), kind) != null) {
                throw new IllegalStateException("Two announcement kinds are named " + kind.name());
            }
        }
        return Map.copyOf(byName);
    }

    @Override
    public void onMessage(Message message) {
        dispatch(kinds, message);
    }

    /** Hands the announcement to its kind; logs and drops what no kind can read or deliver. */
    static void dispatch(Map<String, AnnouncementKind<?>> kinds, Message message) {
        AnnouncementKind<?> kind;
        try {
            kind = kinds.get(String.valueOf(message.getStringProperty(Announcements.KIND)));
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.WARNING, "Unreadable announcement dropped", e);
            return;
        }
        if (kind == null) {
            // A node of a newer version during a rolling upgrade, say: the kind's own fallback covers it.
            LOG.warning("Announcement of an unknown kind dropped");
            return;
        }
        deliver(kind, message);
    }

    private static <T> void deliver(AnnouncementKind<T> kind, Message message) {
        T news;
        try {
            news = kind.read(message);
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.WARNING, "Unreadable " + kind.name() + " announcement dropped; " + kind.ifLost(), e);
            return;
        }
        try {
            kind.deliver(news);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not hand " + kind.name() + " to this node's sockets; " + kind.ifLost(), e);
        }
    }
}
