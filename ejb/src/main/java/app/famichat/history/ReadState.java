package app.famichat.history;

import java.util.UUID;

/** How far a member has read a conversation, and how many messages from others lie beyond. */
record ReadState(UUID conversationId, long readSeq, long unreadCount) {
}
