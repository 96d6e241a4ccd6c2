package app.famichat.conversations;

/** The answer to a creation: {@code created} is false when an existing direct, family or self one is returned. */
public record CreatedConversation(ConversationDetails details, boolean created) {
}
