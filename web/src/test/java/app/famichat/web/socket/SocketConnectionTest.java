package app.famichat.web.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.accounts.DeviceAddress;
import app.famichat.connections.Disconnect;
import app.famichat.connections.LiveSocket;
import app.famichat.connections.LocalConnections;
import app.famichat.connections.SocketMetrics;
import app.famichat.custody.KeyCustody;
import app.famichat.delivery.StatusUpdate;
import app.famichat.send.HistoryEntry;
import app.famichat.sessions.Caller;
import app.famichat.vault.UnlockedKeyrings;
import jakarta.websocket.CloseReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SocketConnectionTest {

    private final RecordingSession session = new RecordingSession();
    private final List<String> sentTexts = session.sentTexts;
    private final List<CloseReason> closes = session.closes;
    private final SocketConnection connection = new SocketConnection(session.session(), new SocketMetrics() {
        @Override
        public void closed(Disconnect why) {
        }
    });

    @Test
    void closeCodesAreTheDocumentedOnes() {
        assertEquals(4401, SocketConnection.reasonFor(Disconnect.AUTH_FAILED).getCloseCode().getCode());
        assertEquals(4401, SocketConnection.reasonFor(Disconnect.SIGNED_OUT).getCloseCode().getCode());
        assertEquals(4408, SocketConnection.reasonFor(Disconnect.IDLE).getCloseCode().getCode());
        assertEquals(4429, SocketConnection.reasonFor(Disconnect.TOO_MANY_SOCKETS).getCloseCode().getCode());
        assertEquals(1011, SocketConnection.reasonFor(Disconnect.SERVER_ERROR).getCloseCode().getCode());
        assertEquals(1013, SocketConnection.reasonFor(Disconnect.TRY_AGAIN_LATER).getCloseCode().getCode());
        assertEquals(1001, SocketConnection.reasonFor(Disconnect.GOING_AWAY).getCloseCode().getCode());
    }

    @Test
    void reasonsFitInACloseFrame() {
        for (Disconnect why : Disconnect.values()) {
            CloseReason reason = SocketConnection.reasonFor(why);
            assertTrue(reason.getReasonPhrase().getBytes(StandardCharsets.UTF_8).length <= 123, why.name());
        }
    }

    @Test
    void onlyTheFirstAckOfAMessagePushedOnThisSocketCounts() {
        UUID pushed = UUID.randomUUID();
        connection.receive(List.of(message(pushed)));
        assertEquals(1, sentTexts.size());

        assertFalse(connection.firstAckOf(UUID.randomUUID()), "never pushed here");
        assertTrue(connection.firstAckOf(pushed));
        assertFalse(connection.firstAckOf(pushed), "a repeat");
        connection.receive(List.of(message(pushed)));
        assertTrue(connection.firstAckOf(pushed), "pushed again (a catch-up): acknowledged again");
    }

    @Test
    void atMostAThousandPushedMessagesAwaitTheirAckTheOldestForgottenFirst() {
        List<UUID> pushed = IntStream.range(0, SocketConnection.MAX_AWAITING_ACK + 1)
                .mapToObj(i -> UUID.randomUUID()).toList();
        connection.receive(pushed.stream().map(SocketConnectionTest::message).toList());
        assertFalse(connection.firstAckOf(pushed.get(0)), "forgotten: pushed again at the next connect");
        assertTrue(pushed.subList(1, pushed.size()).stream().allMatch(connection::firstAckOf));
    }

    @Test
    void aSocketTheServerClosedIsHandedNothingMore() {
        connection.close(Disconnect.SIGNED_OUT);
        UUID pushed = UUID.randomUUID();
        connection.receive(List.of(message(pushed)));
        assertEquals(List.of(), sentTexts);
        assertFalse(connection.firstAckOf(pushed));
    }

    @Test
    void aStatusUpdateIsWrittenAsAStatusFrameButNotOnceTheSocketIsClosed() {
        UUID conversation = UUID.randomUUID();
        UUID messageId = UUID.randomUUID();
        connection.statusChanged(new StatusUpdate(conversation, messageId, 3, HistoryEntry.Status.READ));
        assertEquals(List.of("{\"type\":\"status\",\"conversationId\":\"" + conversation + "\",\"messageId\":\""
                + messageId + "\",\"seq\":3,\"status\":\"read\"}"), sentTexts);
        assertFalse(connection.firstAckOf(messageId), "a status awaits no ack");
        connection.close(Disconnect.IDLE);
        connection.statusChanged(new StatusUpdate(conversation, messageId, 3, HistoryEntry.Status.READ));
        assertEquals(1, sentTexts.size());
    }

    @Test
    void aSocketTheRegistryRefusesStaysUnauthenticated() {
        LocalConnections full = new LocalConnections() {
            @Override
            public boolean opened(LiveSocket socket) {
                socket.close(Disconnect.TOO_MANY_SOCKETS);
                return false;
            }
        };
        assertFalse(connection.authenticated(new Caller(new DeviceAddress(UUID.randomUUID(), 1), "hash", KeyCustody.HOSTED),
                () -> UnlockedKeyrings.NONE, full));
        assertFalse(connection.isAuthenticated());
        assertNull(connection.caller());
        assertEquals(4429, closes.get(0).getCloseCode().getCode());
    }

    private static HistoryEntry message(UUID messageId) {
        return new HistoryEntry(messageId, UUID.randomUUID(), 1, new DeviceAddress(UUID.randomUUID(), 1),
                Instant.now(), "hi", false, null);
    }
}
