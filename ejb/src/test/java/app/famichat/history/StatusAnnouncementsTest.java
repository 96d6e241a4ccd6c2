package app.famichat.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.delivery.StatusChanged;
import app.famichat.platform.jms.PropertyMessage;
import app.famichat.send.HistoryEntry.Status;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatusAnnouncementsTest {

    @Test
    void theChangeTravelsAndComesBack() throws JMSException {
        StatusAnnouncements statuses = new StatusAnnouncements();
        StatusChanged change = new StatusChanged(UUID.randomUUID(), 4, 9, Status.READ);
        Message message = PropertyMessage.create();

        statuses.write(change, message);

        assertEquals(change, statuses.read(message));
    }
}
