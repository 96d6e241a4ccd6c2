package app.famichat.history;

import app.famichat.conversations.ConversationService;
import app.famichat.delivery.Inbox;
import app.famichat.delivery.StatusChanged;
import app.famichat.platform.errors.FamichatException;
import app.famichat.accounts.DeviceAddress;
import app.famichat.send.HistoryEntry;
import app.famichat.send.HistoryStore;
import app.famichat.send.MessageStore;
import app.famichat.sessions.Caller;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reading a conversation: history pages (after taking whatever is waiting for the caller's device, so an offline
 * member catches up on their first fetch) and the read cursor.
 */
@Stateless
public class ConversationHistory {

    /** The page size when the client names none. */
    static final int DEFAULT_PAGE = 50;

    @Inject
    ConversationService conversations;

    @Inject
    HistorySettings settings;

    @Inject
    Inbox inbox;

    @Inject
    HistoryStore history;

    @Inject
    MessageStore messages;

    @Inject
    ReadCursorStore cursors;

    @Inject
    StatusStore statusStore;

    @Inject
    Event<StatusChanged> statusChanged;

    public HistoryPage page(Caller caller, UUID conversationId, Long beforeSeq, Long afterSeq, Long limit) {
        if (beforeSeq != null && afterSeq != null) {
            throw FamichatException.invalid("before", "cannot be combined with after");
        }
        if ((beforeSeq != null && beforeSeq < 1) || (afterSeq != null && afterSeq < 0)) {
            throw FamichatException.invalid(beforeSeq != null ? "before" : "after", "must not be negative");
        }
        int size = pageSize(limit, settings.maxPage());
        requireMember(caller, conversationId);
        DeviceAddress device = caller.device();
        inbox.drainForReading(device);

        List<HistoryEntry> entries = new ArrayList<>(history.page(caller.userId(), conversationId, beforeSeq,
                afterSeq, size + 1));
        boolean more = entries.size() > size;
        if (more) {
            entries.remove(afterSeq != null ? entries.size() - 1 : 0);
        }
        if (!entries.isEmpty()) {
            long from = entries.get(0).seq();
            long to = entries.get(entries.size() - 1).seq();
            inbox.fetched(device, conversationId, from, to);
            Map<UUID, HistoryEntry.Status> statuses = statusStore.ofOwnMessages(conversationId, caller.userId(), from,
                    to).stream().collect(Collectors.toMap(StatusFacts::messageId, StatusFacts::status));
            entries.replaceAll(entry -> statuses.containsKey(entry.messageId())
                    ? entry.withStatus(statuses.get(entry.messageId())) : entry);
        }
        return new HistoryPage(entries, more, cursors.of(conversationId, caller.userId()));
    }

    /**
     * Moves the caller's read cursor forward to {@code seq} (never back). If it moved, the statuses of the
     * messages it passed may have too: one {@link StatusChanged} for (old cursor, new cursor].
     */
    public void markRead(Caller caller, UUID conversationId, long seq) {
        requireMember(caller, conversationId);
        long lastSeq = messages.lastSeq(conversationId)
                .orElseThrow(() -> FamichatException.notFound("No such conversation"));
        if (seq < 0 || seq > lastSeq) {
            throw FamichatException.invalid("seq", "must be between 0 and the conversation's last seq");
        }
        long before = cursors.of(conversationId, caller.userId());
        cursors.advance(conversationId, caller.userId(), seq);
        if (seq > before) {
            statusChanged.fire(new StatusChanged(conversationId, before + 1, seq, HistoryEntry.Status.READ));
        }
    }

    static int pageSize(Long limit, int maxPage) {
        if (limit == null) {
            return DEFAULT_PAGE;
        }
        if (limit < 1 || limit > maxPage) {
            throw FamichatException.invalid("limit", "must be between 1 and " + maxPage);
        }
        return limit.intValue();
    }

    private void requireMember(Caller caller, UUID conversationId) {
        if (conversations.membership(conversationId, caller.userId()).isEmpty()) {
            throw FamichatException.notFound("No such conversation");
        }
    }
}
