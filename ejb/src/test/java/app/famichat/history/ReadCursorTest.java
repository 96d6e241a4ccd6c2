package app.famichat.history;

import static app.famichat.platform.errors.Refusals.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.accounts.DeviceAddress;
import app.famichat.conversations.ConversationService;
import app.famichat.conversations.ConversationType;
import app.famichat.conversations.Membership;
import app.famichat.custody.KeyCustody;
import app.famichat.delivery.StatusChanged;
import app.famichat.platform.errors.Failure;
import app.famichat.send.HistoryEntry.Status;
import app.famichat.send.MessageStore;
import app.famichat.sessions.Caller;
import app.famichat.testing.RecordingEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link ConversationHistory#markRead}: the cursor only moves forward, and a move announces what it passed. */
class ReadCursorTest {

    private final UUID conversation = UUID.randomUUID();
    private final Caller ann = new Caller(new DeviceAddress(UUID.randomUUID(), 1), "hash", KeyCustody.HOSTED);
    private final Map<UUID, Long> cursors = new HashMap<>();
    private final RecordingEvent<StatusChanged> events = new RecordingEvent<>();
    private final ConversationHistory history = new ConversationHistory();

    ReadCursorTest() {
        history.statusChanged = events;
        history.conversations = new ConversationService() {
            @Override
            public Optional<Membership> membership(UUID conversationId, UUID userId) {
                return conversationId.equals(conversation)
                        ? Optional.of(new Membership(conversationId, ConversationType.DIRECT, List.of(userId)))
                        : Optional.empty();
            }
        };
        history.messages = new MessageStore() {
            @Override
            public OptionalLong lastSeq(UUID conversationId) {
                return OptionalLong.of(10);
            }
        };
        history.cursors = new ReadCursorStore() {
            @Override
            void advance(UUID conversationId, UUID userId, long seq) {
                cursors.merge(userId, seq, Math::max);
            }

            @Override
            long of(UUID conversationId, UUID userId) {
                return cursors.getOrDefault(userId, 0L);
            }
        };
    }

    @Test
    void aCursorThatMovesAnnouncesTheMessagesItPassed() {
        history.markRead(ann, conversation, 4);
        history.markRead(ann, conversation, 10);
        assertEquals(List.of(new StatusChanged(conversation, 1, 4, Status.READ),
                        new StatusChanged(conversation, 5, 10, Status.READ)),
                events.fired);
        assertEquals(10L, cursors.get(ann.userId()));
    }

    @Test
    void aCursorThatStaysOrWouldGoBackAnnouncesNothing() {
        history.markRead(ann, conversation, 6);
        events.fired.clear();
        history.markRead(ann, conversation, 6);
        history.markRead(ann, conversation, 2);
        history.markRead(ann, conversation, 0);
        assertEquals(List.of(), events.fired);
        assertEquals(6L, cursors.get(ann.userId()));
    }

    @Test
    void aRefusedMoveAnnouncesNothing() {
        refusal(Failure.INVALID, () -> history.markRead(ann, conversation, 11));
        refusal(Failure.NOT_FOUND, () -> history.markRead(ann, UUID.randomUUID(), 1));
        assertEquals(List.of(), events.fired);
    }
}
