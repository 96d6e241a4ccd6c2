package app.famichat.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.delivery.RecoveryNews;
import app.famichat.platform.jms.PropertyMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecoveryAnnouncementsTest {

    private final RecoveryAnnouncements recoveries = new RecoveryAnnouncements();

    private RecoveryAnnouncement travelled(RecoveryAnnouncement announcement) throws JMSException {
        Message message = PropertyMessage.create();
        recoveries.write(announcement, message);
        return recoveries.read(message);
    }

    @Test
    void aRequestToItsOwnerTravelsWithItsDeviceAddressAndDeadline() throws JMSException {
        RecoveryAnnouncement toOwner = new RecoveryAnnouncement(List.of(UUID.randomUUID()), new RecoveryNews(
                RecoveryNews.Kind.RECOVERY_REQUESTED, UUID.randomUUID(), "Firefox on Linux", "127.0.0.1",
                Instant.parse("2026-12-10T07:00:00Z")));

        assertEquals(toOwner, travelled(toOwner));
    }

    @Test
    void theEndOfARequestTravelsToItsOwnerAsItsIdAlone() throws JMSException {
        RecoveryAnnouncement closed = new RecoveryAnnouncement(List.of(UUID.randomUUID()),
                RecoveryNews.recoveryClosed(UUID.randomUUID()));

        assertEquals(closed, travelled(closed));
    }

    @Test
    void newsToGuardiansReachesEachOfThem() throws JMSException {
        RecoveryAnnouncement toGuardians = new RecoveryAnnouncement(
                List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()),
                RecoveryNews.guardianRequest(UUID.randomUUID()));

        assertEquals(toGuardians, travelled(toGuardians));
    }
}
