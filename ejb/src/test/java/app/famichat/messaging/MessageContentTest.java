package app.famichat.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageContentTest {

    private final UUID messageId = UUID.randomUUID();

    @ParameterizedTest
    @ValueSource(strings = {"x", "Dinner at seven?\nBring bread", "Ωμέγα 👨‍👩‍👧 مرحبا", " leading and trailing "})
    void roundTripsTheBodyExactly(String body) {
        assertEquals(Optional.of(body), MessageContent.decode(messageId, MessageContent.encode(messageId, body)));
    }

    @Test
    void contentOfAnotherMessageIsRefused() {
        byte[] content = MessageContent.encode(messageId, "moved");
        assertTrue(MessageContent.decode(UUID.randomUUID(), content).isEmpty());
    }

    @Test
    void anUnknownVersionTooShortOrInvalidUtf8IsRefused() {
        byte[] content = MessageContent.encode(messageId, "hello");
        content[0] = 2;
        assertTrue(MessageContent.decode(messageId, content).isEmpty());
        assertTrue(MessageContent.decode(messageId, new byte[16]).isEmpty());
        byte[] broken = MessageContent.encode(messageId, "ab");
        broken[broken.length - 1] = (byte) 0xC3;
        assertTrue(MessageContent.decode(messageId, broken).isEmpty());
    }

    @Test
    void sessionLockKeysAreStableAndDirectional() {
        DeviceAddress ann = new DeviceAddress(UUID.randomUUID(), 1);
        DeviceAddress bob = new DeviceAddress(UUID.randomUUID(), 1);
        assertEquals(PairLocks.key("session:" + ann + "->" + bob), PairLocks.key("session:" + ann + "->" + bob));
        assertNotEquals(PairLocks.key("session:" + ann + "->" + bob), PairLocks.key("session:" + bob + "->" + ann));
    }
}
