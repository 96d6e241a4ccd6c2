package app.famichat.web.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.accounts.DeviceAddress;
import app.famichat.connections.Disconnect;
import app.famichat.connections.LiveSocket;
import app.famichat.connections.LocalConnections;
import app.famichat.connections.SocketMetrics;
import app.famichat.custody.KeyCustody;
import app.famichat.delivery.Inbox;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.logging.ThrottledLog;
import app.famichat.platform.outages.Outage;
import app.famichat.platform.outages.Outages;
import app.famichat.send.HistoryEntry;
import app.famichat.send.SendService;
import app.famichat.send.SentMessage;
import app.famichat.sessions.Caller;
import app.famichat.sessions.SessionService;
import app.famichat.vault.UnlockedKeyrings;
import jakarta.ejb.EJBException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the socket answers when handling a frame fails: an outage is no reason to close it. */
class SocketProtocolTest {

    /** Stands for whatever the database outage throws; the classification itself is OutagesTest's. */
    private static final class DatabaseAway extends RuntimeException {
    }

    private final RecordingSession session = new RecordingSession();
    private final SocketMetrics metrics = new SocketMetrics() {
        @Override
        public void closed(Disconnect why) {
        }

        @Override
        public void ackIgnored() {
        }
    };
    private final SocketConnection connection = new SocketConnection(session.session(), metrics);
    private final SocketProtocol protocol = new SocketProtocol();
    private final List<List<UUID>> written = new ArrayList<>();
    private boolean databaseAway;
    private RuntimeException sendFailure;

    SocketProtocolTest() {
        protocol.metrics = metrics;
        protocol.log = new ThrottledLog();
        protocol.outages = new Outages() {
            @Override
            public Optional<Outage> classify(Throwable failure) {
                return failure.getCause() instanceof DatabaseAway
                        ? Optional.of(new Outage(Outage.Service.DATABASE, Duration.ofSeconds(5)))
                        : Optional.empty();
            }
        };
        protocol.sends = new SendService() {
            @Override
            public SentMessage send(Caller caller, UUID conversationId, String clientMessageId, String body) {
                throw sendFailure;
            }
        };
        protocol.inbox = new Inbox() {
            @Override
            public int acknowledge(DeviceAddress device, List<UUID> messageIds) {
                if (databaseAway) {
                    throw new EJBException(new DatabaseAway());
                }
                written.add(messageIds);
                return messageIds.size();
            }
        };
        protocol.sessions = new SessionService() {
            @Override
            public Optional<Caller> authenticate(String token) {
                throw new EJBException(new DatabaseAway());
            }
        };
    }

    private void authenticate() {
        assertTrue(connection.authenticated(new Caller(new DeviceAddress(UUID.randomUUID(), 1), "hash",
                KeyCustody.HOSTED), () -> UnlockedKeyrings.NONE, new LocalConnections() {
                    @Override
                    public boolean opened(LiveSocket socket) {
                        return true;
                    }
                }));
    }

    private JsonObject lastFrame() {
        return Json.createReader(new StringReader(session.sentTexts.get(session.sentTexts.size() - 1))).readObject();
    }

    private void assertUnavailable(JsonObject frame) {
        assertEquals("error", frame.getString("type"));
        assertEquals("urn:famichat:problem:unavailable", frame.getJsonObject("problem").getString("type"));
        assertEquals(503, frame.getJsonObject("problem").getInt("status"));
        assertEquals("The database is unreachable; try again later",
                frame.getJsonObject("problem").getString("detail"));
        assertEquals(5, frame.getInt("retryAfter"));
    }

    @Test
    void aSendThatHitsAnOutageIsAnsweredUnavailableWithRetryAfterAndTheSocketStaysOpen() {
        authenticate();
        sendFailure = new EJBException(new DatabaseAway());

        protocol.received(connection, "{\"type\":\"send\",\"conversationId\":\"" + UUID.randomUUID()
                + "\",\"clientMessageId\":\"c-1\",\"body\":\"hi\"}");

        assertUnavailable(lastFrame());
        assertEquals("c-1", lastFrame().getString("clientMessageId"));
        assertFalse(lastFrame().containsKey("messageIds"));
        assertEquals(List.of(), session.closes);
        protocol.received(connection, "{\"type\":\"ping\"}");
        assertEquals("pong", lastFrame().getString("type"));
    }

    @Test
    void anAckThatHitsAnOutageIsAnsweredUnavailableAndCountsWhenRepeated() {
        authenticate();
        UUID pushed = UUID.randomUUID();
        connection.receive(List.of(new HistoryEntry(pushed, UUID.randomUUID(), 1,
                new DeviceAddress(UUID.randomUUID(), 1), Instant.now(), "hi", false, null)));
        String ack = "{\"type\":\"ack\",\"messageId\":\"" + pushed + "\"}";

        databaseAway = true;
        protocol.received(connection, ack);
        assertUnavailable(lastFrame());
        assertFalse(lastFrame().containsKey("clientMessageId"));
        assertEquals(List.of(pushed.toString()), lastFrame().getJsonArray("messageIds").getValuesAs(
                JsonString::getString), "the ids to acknowledge again");
        assertEquals(List.of(), session.closes);

        databaseAway = false;
        protocol.received(connection, ack);
        assertEquals(List.of(List.of(pushed)), written, "the ack after the outage is written");
    }

    @Test
    void anAuthFrameThatHitsAnOutageClosesWithTryAgainLaterNot4401() {
        protocol.received(connection, "{\"type\":\"auth\",\"token\":\"fc1_x\"}");

        assertEquals(1013, session.closes.get(0).getCloseCode().getCode());
    }

    @Test
    void aFailureThatIsNoOutageIsAServerErrorAndCloses1011() {
        authenticate();
        sendFailure = new EJBException(new IllegalStateException("a bug"));

        protocol.received(connection, "{\"type\":\"send\",\"conversationId\":\"" + UUID.randomUUID()
                + "\",\"clientMessageId\":\"c-1\",\"body\":\"hi\"}");

        assertEquals(1011, session.closes.get(0).getCloseCode().getCode());
    }

    @Test
    void aRateLimitedSendCarriesItsRetryAfterAsOverRest() {
        authenticate();
        sendFailure = FamichatException.rateLimited("send", 7);

        protocol.received(connection, "{\"type\":\"send\",\"conversationId\":\"" + UUID.randomUUID()
                + "\",\"clientMessageId\":\"c-2\",\"body\":\"hi\"}");

        assertEquals("urn:famichat:problem:rate-limited", lastFrame().getJsonObject("problem").getString("type"));
        assertEquals(7, lastFrame().getInt("retryAfter"));
        assertEquals(List.of(), session.closes);
    }
}
