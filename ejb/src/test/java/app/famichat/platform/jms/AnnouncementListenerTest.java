package app.famichat.platform.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnouncementListenerTest {

    /** A kind whose news is a string, remembering what it was handed. */
    private static final class Words implements AnnouncementKind<String> {

        final String name;
        final boolean inOrder;
        final List<String> delivered = new ArrayList<>();
        RuntimeException failure;

        Words(String name, boolean inOrder) {
            this.name = name;
            this.inOrder = inOrder;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean inOrder() {
            return inOrder;
        }

        @Override
        public String ifLost() {
            return "nothing lost";
        }

        @Override
        public void write(String news, Message message) throws JMSException {
            message.setStringProperty("word", news);
        }

        @Override
        public String read(Message message) throws JMSException {
            String word = message.getStringProperty("word");
            if (word.isEmpty()) {
                throw new IllegalArgumentException("an empty word");
            }
            return word;
        }

        @Override
        public void deliver(String news) {
            if (failure != null) {
                throw failure;
            }
            delivered.add(news);
        }
    }

    private final Words envelopes = new Words("envelope", false);
    private final Words statuses = new Words("status", true);
    private final Map<String, AnnouncementKind<?>> kinds = AnnouncementListener.byName(List.of(envelopes, statuses));

    private static <T> Message announced(AnnouncementKind<T> kind, T news) throws JMSException {
        Message message = PropertyMessage.create();
        Announcements.write(kind, news, message);
        return message;
    }

    @Test
    void eachAnnouncementReachesItsKindOnly() throws JMSException {
        AnnouncementListener.dispatch(kinds, announced(statuses, "read"));
        AnnouncementListener.dispatch(kinds, announced(envelopes, "waiting"));
        AnnouncementListener.dispatch(kinds, announced(statuses, "delivered"));

        assertEquals(List.of("read", "delivered"), statuses.delivered);
        assertEquals(List.of("waiting"), envelopes.delivered);
    }

    @Test
    void kindsInOrderTravelInAGroupOfTheirOwnAndTheOthersInNone() throws JMSException {
        assertEquals("famichat.announcements.status",
                announced(statuses, "read").getStringProperty("JMSXGroupID"));
        assertNull(announced(envelopes, "waiting").getStringProperty("JMSXGroupID"));
    }

    @Test
    void anAnnouncementOfNoKnownKindIsDropped() throws JMSException {
        AnnouncementListener.dispatch(kinds, announced(new Words("from-a-newer-node", false), "news"));
        AnnouncementListener.dispatch(kinds, PropertyMessage.create());

        assertTrue(statuses.delivered.isEmpty());
        assertTrue(envelopes.delivered.isEmpty());
    }

    @Test
    void anUnreadableAnnouncementIsDroppedAndTheNextOneStillArrives() throws JMSException {
        AnnouncementListener.dispatch(kinds, announced(statuses, ""));
        AnnouncementListener.dispatch(kinds, announced(statuses, "read"));

        assertEquals(List.of("read"), statuses.delivered);
    }

    @Test
    void aFailedDeliveryStaysInTheListenerWithoutRedelivery() throws JMSException {
        statuses.failure = new IllegalStateException("the database is away");
        Message message = announced(statuses, "read");

        AnnouncementListener.dispatch(kinds, message);

        assertTrue(statuses.delivered.isEmpty());
        statuses.failure = null;
        AnnouncementListener.dispatch(kinds, announced(statuses, "delivered"));
        assertEquals(List.of("delivered"), statuses.delivered);
    }

    @Test
    void twoKindsMayNotShareAName() {
        assertThrows(IllegalStateException.class,
                () -> AnnouncementListener.byName(List.of(envelopes, new Words("envelope", true))));
    }
}
