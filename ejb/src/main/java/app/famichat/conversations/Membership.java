package app.famichat.conversations;

import java.util.List;
import java.util.UUID;

/** For the send path: who is in a conversation right now, and how its messages must be encrypted. */
public record Membership(UUID conversationId, ConversationType type, List<UUID> memberIds) {

    public Membership {
        memberIds = List.copyOf(memberIds);
    }

    public Encryption encryption() {
        return type.encryption();
    }
}
