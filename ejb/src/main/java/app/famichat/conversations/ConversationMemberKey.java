package app.famichat.conversations;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** Primary key of {@link ConversationMember}. */
public class ConversationMemberKey implements Serializable {

    private static final long serialVersionUID = 1L;

    private UUID conversationId;
    private UUID userId;

    public ConversationMemberKey() {
    }

    public ConversationMemberKey(UUID conversationId, UUID userId) {
        this.conversationId = conversationId;
        this.userId = userId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConversationMemberKey key && Objects.equals(key.conversationId, conversationId)
                && Objects.equals(key.userId, userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conversationId, userId);
    }
}
