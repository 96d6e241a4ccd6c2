package app.famichat.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.famichat.accounts.DeviceAddress;
import app.famichat.conversations.Conversation;
import app.famichat.conversations.ConversationDetails;
import app.famichat.conversations.ConversationService;
import app.famichat.custody.KeyCustody;
import app.famichat.delivery.Inbox;
import app.famichat.send.HistoryEntry;
import app.famichat.send.HistoryStore;
import app.famichat.sessions.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link ConversationSummaries}: the list in its order, each with its newest message and read state, in few queries. */
class ConversationSummariesTest {

    private final Caller ann = new Caller(new DeviceAddress(UUID.randomUUID(), 1), "hash", KeyCustody.HOSTED);
    private final List<ConversationDetails> list = new ArrayList<>();
    private final List<HistoryEntry> newest = new ArrayList<>();
    private final List<ReadState> reads = new ArrayList<>();
    /** What the fakes were asked, in order. */
    private final List<String> calls = new ArrayList<>();
    private final ConversationSummaries summaries = new ConversationSummaries();

    ConversationSummariesTest() {
        summaries.inbox = new Inbox() {
            @Override
            public void drainForReading(DeviceAddress device) {
                calls.add("drain " + device.deviceId());
            }
        };
        summaries.conversations = new ConversationService() {
            @Override
            public List<ConversationDetails> conversationsOf(UUID caller) {
                calls.add("list");
                return list;
            }
        };
        summaries.history = new HistoryStore() {
            @Override
            public List<HistoryEntry> newestOfEach(UUID userId) {
                calls.add("newest");
                return newest;
            }
        };
        summaries.cursors = new ReadCursorStore() {
            @Override
            List<ReadState> ofConversationsOf(UUID userId) {
                calls.add("reads");
                return reads;
            }
        };
    }

    private static ConversationDetails conversation() {
        UUID id = UUID.randomUUID();
        return new ConversationDetails(new Conversation() {
            @Override
            public UUID id() {
                return id;
            }
        }, List.of());
    }

    private static HistoryEntry message(UUID conversationId, long seq) {
        return new HistoryEntry(UUID.randomUUID(), conversationId, seq, new DeviceAddress(UUID.randomUUID(), 1),
                Instant.now(), "hi", false, null);
    }

    @Test
    void eachConversationGetsItsNewestMessageAndReadStateInTheListsOrder() {
        ConversationDetails quiet = conversation();
        ConversationDetails busy = conversation();
        ConversationDetails read = conversation();
        list.addAll(List.of(quiet, busy, read));
        HistoryEntry busyNewest = message(busy.conversation().id(), 9);
        HistoryEntry readNewest = message(read.conversation().id(), 2);
        newest.addAll(List.of(readNewest, busyNewest));
        reads.addAll(List.of(new ReadState(quiet.conversation().id(), 0, 0),
                new ReadState(busy.conversation().id(), 6, 3), new ReadState(read.conversation().id(), 2, 0)));

        List<ConversationSummary> answer = summaries.of(ann);

        assertEquals(List.of(new ConversationSummary(quiet, null, 0, 0), new ConversationSummary(busy, busyNewest, 6, 3),
                new ConversationSummary(read, readNewest, 2, 0)), answer);
        assertEquals(List.of("drain 1", "list", "newest", "reads"), calls,
                "what waits is taken first; then one query each, however many conversations");
    }

    @Test
    void aConversationTheQueriesDidNotSeeYetHasNothingReadAndNoMessage() {
        ConversationDetails joinedJustNow = conversation();
        list.add(joinedJustNow);
        ConversationSummary summary = summaries.of(ann).get(0);
        assertNull(summary.lastMessage());
        assertEquals(0, summary.readSeq());
        assertEquals(0, summary.unreadCount());
    }
}
