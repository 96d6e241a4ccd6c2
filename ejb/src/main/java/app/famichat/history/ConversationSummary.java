package app.famichat.history;

import app.famichat.conversations.ConversationDetails;
import app.famichat.send.HistoryEntry;

/**
 * A conversation as the caller's conversation list shows it: with the newest message of their history
 * ({@code lastMessage}, null if there is none), their read cursor, and how many messages from others lie beyond it.
 */
public record ConversationSummary(ConversationDetails details, HistoryEntry lastMessage, long readSeq,
        long unreadCount) {
}
