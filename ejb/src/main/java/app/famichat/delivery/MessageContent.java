package app.famichat.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * What goes inside a Signal message: a format version, the ids the message belongs to, and the body in UTF-8.
 * Signal authenticates all of it, so the ids bind the body to its place: an envelope moved to another message's
 * row, or to another conversation, does not open there.
 *
 * <p>Format 2 (written): version, message id, conversation id, body. Format 1 (read only, envelopes written before
 * format 2): version, message id, body; such an envelope is bound to its message but not to its conversation.
 */
final class MessageContent {

    private static final byte MESSAGE_BOUND = 1;
    private static final byte CONVERSATION_BOUND = 2;
    private static final int ID_BYTES = 16;

    private MessageContent() {
    }

    static byte[] encode(UUID messageId, UUID conversationId, String body) {
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        ByteBuffer content = ByteBuffer.allocate(1 + 2 * ID_BYTES + text.length).put(CONVERSATION_BOUND);
        put(content, messageId);
        put(content, conversationId);
        return content.put(text).array();
    }

    /** The body, if the content is well formed and belongs to {@code messageId} in {@code conversationId}. */
    static Optional<String> decode(UUID messageId, UUID conversationId, byte[] content) {
        if (content.length == 0) {
            return Optional.empty();
        }
        int ids = switch (content[0]) {
            case MESSAGE_BOUND -> 1;
            case CONVERSATION_BOUND -> 2;
            default -> 0;
        };
        if (ids == 0 || content.length < 1 + ids * ID_BYTES) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(content, 1, content.length - 1);
        if (!id(buffer).equals(messageId) || ids == 2 && !id(buffer).equals(conversationId)) {
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

    private static void put(ByteBuffer content, UUID id) {
        content.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    }

    private static UUID id(ByteBuffer buffer) {
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
