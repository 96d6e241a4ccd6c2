package app.famichat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.accounts.DeviceAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageContentTest {

    private final UUID messageId = UUID.randomUUID();
    private final UUID conversationId = UUID.randomUUID();

    @ParameterizedTest
    @ValueSource(strings = {"x", "Dinner at seven?\nBring bread", "Ωμέγα 👨‍👩‍👧 مرحبا", " leading and trailing "})
    void roundTripsTheBodyExactly(String body) {
        assertEquals(Optional.of(body), MessageContent.decode(messageId, conversationId,
                MessageContent.encode(messageId, conversationId, body)));
    }

    @Test
    void contentOfAnotherMessageIsRefused() {
        byte[] content = MessageContent.encode(messageId, conversationId, "moved");
        assertTrue(MessageContent.decode(UUID.randomUUID(), conversationId, content).isEmpty());
    }

    @Test
    void contentMovedToAnotherConversationIsRefused() {
        byte[] content = MessageContent.encode(messageId, conversationId, "moved");
        assertTrue(MessageContent.decode(messageId, UUID.randomUUID(), content).isEmpty());
    }

    @Test
    void formatOneWrittenBeforeTheConversationWasBoundStillOpensUnderItsMessage() {
        byte[] text = "older".getBytes(StandardCharsets.UTF_8);
        byte[] formatOne = ByteBuffer.allocate(17 + text.length).put((byte) 1)
                .putLong(messageId.getMostSignificantBits()).putLong(messageId.getLeastSignificantBits())
                .put(text).array();
        assertEquals(Optional.of("older"), MessageContent.decode(messageId, conversationId, formatOne));
        assertTrue(MessageContent.decode(UUID.randomUUID(), conversationId, formatOne).isEmpty());
    }

    @Test
    void anUnknownVersionTooShortOrInvalidUtf8IsRefused() {
        byte[] content = MessageContent.encode(messageId, conversationId, "hello");
        content[0] = 3;
        assertTrue(MessageContent.decode(messageId, conversationId, content).isEmpty());
        assertTrue(MessageContent.decode(messageId, conversationId, new byte[0]).isEmpty());
        assertTrue(MessageContent.decode(messageId, conversationId, new byte[16]).isEmpty());
        byte[] truncated = new byte[20];
        truncated[0] = 2;
        assertTrue(MessageContent.decode(messageId, conversationId, truncated).isEmpty());
        byte[] broken = MessageContent.encode(messageId, conversationId, "ab");
        broken[broken.length - 1] = (byte) 0xC3;
        assertTrue(MessageContent.decode(messageId, conversationId, broken).isEmpty());
    }

    @Test
    void sessionLockKeysAreStableAndDirectional() {
        DeviceAddress ann = new DeviceAddress(UUID.randomUUID(), 1);
        DeviceAddress bob = new DeviceAddress(UUID.randomUUID(), 1);
        assertEquals(PairLocks.key("session:" + ann + "->" + bob), PairLocks.key("session:" + ann + "->" + bob));
        assertNotEquals(PairLocks.key("session:" + ann + "->" + bob), PairLocks.key("session:" + bob + "->" + ann));
    }
}
