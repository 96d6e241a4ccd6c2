package app.famichat.send;

import app.famichat.accounts.DeviceAddress;
import app.famichat.custody.SendKeys;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JmsFanOutTest {

    private final DeviceAddress alice = new DeviceAddress(UUID.randomUUID(), 1);
    private final DeviceAddress bob = new DeviceAddress(UUID.randomUUID(), 3);
    private final FanOutRequest request = new FanOutRequest(UUID.randomUUID(), UUID.randomUUID(), 42, alice, bob,
            Instant.parse("2026-11-26T01:02:03.456789Z"));

    @Test
    void aPayloadOpensToTheSameRequestAndText() {
        String body = "Dinner at 7 \u2014 bring the \uD83C\uDF70";
        JmsFanOut.Opened opened = JmsFanOut.decode(JmsFanOut.encode(request, body));
        assertEquals(request, opened.request());
        assertEquals(body, opened.body());
    }

    /** Messages already in the queue keep opening: the send time is still microseconds since the epoch, there. */
    @Test
    void theSendTimeTravelsAsMicrosecondsAfterTheIdsAndDevices() {
        int offset = 1 + 16 + 16 + 8 + 18 + 18;
        assertEquals(1_795_654_923_456_789L,
                ByteBuffer.wrap(JmsFanOut.encode(request, "hi")).getLong(offset));
    }

    /** A locked sender's payload holds the send key's id and the locked part, never the text. */
    @Test
    void aLockedPayloadOpensToTheRequestAndItsLockedPart() {
        SendKeys.Locked locked = new SendKeys.Locked(UUID.randomUUID(), new byte[] {7, 8, 9});
        JmsFanOut.Opened opened = JmsFanOut.decode(JmsFanOut.encode(request, locked));
        assertEquals(request, opened.request());
        assertNull(opened.body());
        assertEquals(locked.sendKeyId(), opened.locked().sendKeyId());
        assertArrayEquals(locked.sealed(), opened.locked().sealed());
        assertNull(JmsFanOut.decode(JmsFanOut.encode(request, "hi")).locked());
    }

    @Test
    void theLongestBodyFits() {
        String body = "\uD83C\uDF70".repeat(4096); // famichat.message.max-body-chars of 4-byte characters
        assertEquals(body, JmsFanOut.decode(JmsFanOut.encode(request, body)).body());
    }

    @Test
    void anUnknownLayoutIsRefused() {
        byte[] payload = JmsFanOut.encode(request, "hi");
        payload[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> JmsFanOut.decode(payload));
        assertThrows(IllegalArgumentException.class, () -> JmsFanOut.decode(new byte[] {1, 2, 3}));
    }

    /** The group is the only clear property in the broker journal: one per device pair, naming neither. */
    @Test
    void theGroupIsPerPairAndNamesNoDevice() {
        String group = request.group();
        assertEquals(group, new FanOutRequest(UUID.randomUUID(), UUID.randomUUID(), 1, alice, bob, Instant.now()).group());
        assertNotEquals(group, new FanOutRequest(request.messageId(), request.conversationId(), 42, bob, alice,
                request.sentAt()).group());
        assertEquals(32, group.length());
        for (UUID id : new UUID[] {alice.userId(), bob.userId(), request.messageId(), request.conversationId()}) {
            assertFalse(group.contains(id.toString().substring(0, 8)));
        }
    }
}
