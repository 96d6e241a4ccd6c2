package app.famichat.history;

import app.famichat.conversations.ConversationDetails;
import app.famichat.conversations.ConversationService;
import app.famichat.delivery.Inbox;
import app.famichat.send.HistoryEntry;
import app.famichat.send.HistoryStore;
import app.famichat.sessions.Caller;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The caller's conversation list with what a client shows beside each conversation: its newest message, the read
 * cursor and the unread count. Whatever waits for the caller's device is taken first (as a history page does),
 * so the list is current; unlike a page, the list marks nothing delivered (the client has not been shown those
 * messages). A bounded number of queries, however many conversations: the list's own, one for every newest
 * message, one for every read cursor with its unread count.
 */
@Stateless
public class ConversationSummaries {

    @Inject
    ConversationService conversations;

    @Inject
    Inbox inbox;

    @Inject
    HistoryStore history;

    @Inject
    ReadCursorStore cursors;

    /** The caller's conversations, oldest first. */
    public List<ConversationSummary> of(Caller caller) {
        UUID userId = caller.userId();
        inbox.drainForReading(caller.device());
        List<ConversationDetails> list = conversations.conversationsOf(userId);
        Map<UUID, HistoryEntry> newest = history.newestOfEach(userId).stream()
                .collect(Collectors.toMap(HistoryEntry::conversationId, Function.identity(), (a, b) -> a));
        Map<UUID, ReadState> reads = cursors.ofConversationsOf(userId).stream()
                .collect(Collectors.toMap(ReadState::conversationId, Function.identity(), (a, b) -> a));
        return list.stream().map(details -> {
            UUID id = details.conversation().id();
            ReadState read = reads.get(id); // none: the membership began after the query above
            return new ConversationSummary(details, newest.get(id), read == null ? 0 : read.readSeq(),
                    read == null ? 0 : read.unreadCount());
        }).toList();
    }
}
