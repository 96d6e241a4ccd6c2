package app.famichat.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.platform.jms.PropertyMessage;
import app.famichat.sessions.SessionsRevoked;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RevocationAnnouncementsTest {

    @Test
    void theUserAndTokenHashesTravelAndComeBack() throws JMSException {
        RevocationAnnouncements revocations = new RevocationAnnouncements();
        SessionsRevoked revoked = new SessionsRevoked(UUID.randomUUID(), List.of("hash-one", "hash-two"));
        Message message = PropertyMessage.create();

        revocations.write(revoked, message);

        assertEquals(revoked, revocations.read(message));
    }
}
