package app.famichat.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * What goes inside a Signal message: a format version, the message id and the body in UTF-8. The id inside the
 * ciphertext binds the body to its message, so an envelope moved to another message's row does not deliver its
 * text under the wrong id.
 */
final class MessageContent {

    private static final byte VERSION = 1;

    private MessageContent() {
    }

    static byte[] encode(UUID messageId, String body) {
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 16 + text.length).put(VERSION)
                .putLong(messageId.getMostSignificantBits()).putLong(messageId.getLeastSignificantBits())
                .put(text).array();
    }

    /** The body, if the content is well formed and belongs to {@code messageId}. */
    static Optional<String> decode(UUID messageId, byte[] content) {
        if (content.length < 17 || content[0] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(content, 1, content.length - 1);
        if (!new UUID(buffer.getLong(), buffer.getLong()).equals(messageId)) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
