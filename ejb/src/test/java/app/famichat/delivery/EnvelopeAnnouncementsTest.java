package app.famichat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.jms.PropertyMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnvelopeAnnouncementsTest {

    @Test
    void theDeviceTravelsAndComesBack() throws JMSException {
        EnvelopeAnnouncements envelopes = new EnvelopeAnnouncements();
        DeviceAddress device = new DeviceAddress(UUID.randomUUID(), 3);
        Message message = PropertyMessage.create();

        envelopes.write(device, message);

        assertEquals(device, envelopes.read(message));
    }
}
