package app.famichat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.famichat.accounts.DeviceAddress;
import app.famichat.send.HistoryEntry.Status;
import app.famichat.testing.RecordingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What {@link Inbox} tells the senders' sockets (through {@link StatusChanged}) when it marks messages delivered, and
 * which devices it takes envelopes of before a user reads.
 */
class InboxTest {

    private final DeviceAddress phone = new DeviceAddress(UUID.randomUUID(), 1);
    private final UUID conversation = UUID.randomUUID();
    private final RecordingEvent<StatusChanged> events = new RecordingEvent<>();
    /** What the fake store marks: the messages the next ack marks, and the seqs the next fetch marks. */
    private List<StatusChanged> ackMarks = List.of();
    private List<Long> fetchMarks = List.of();
    private final List<String> fetches = new ArrayList<>();
    /** The user's devices the fake store says have envelopes waiting. */
    private List<DeviceAddress> waitingOn = List.of();
    private final Inbox inbox = new Inbox();

    InboxTest() {
        inbox.statusChanged = events;
        inbox.envelopes = new EnvelopeStore() {
            @Override
            List<StatusChanged> markDelivered(List<UUID> messageIds, DeviceAddress recipient) {
                return ackMarks;
            }

            @Override
            List<DeviceAddress> devicesWithUntaken(UUID userId) {
                return waitingOn;
            }

            @Override
            List<Long> markDelivered(DeviceAddress recipient, UUID conversationId, long fromSeq, long toSeq) {
                fetches.add(fromSeq + ".." + toSeq);
                return fetchMarks;
            }
        };
    }

    @Test
    void readingTakesWhatWaitsForTheReaderFirstThenForTheUsersOtherDevices() {
        DeviceAddress laptop = new DeviceAddress(phone.userId(), 2);
        DeviceAddress tablet = new DeviceAddress(phone.userId(), 3);
        waitingOn = List.of(tablet, laptop, phone);
        List<DeviceAddress> taken = new ArrayList<>();
        inbox.taker = new EnvelopeTaker() {
            @Override
            public TakenBatch take(DeviceAddress device) {
                taken.add(device);
                return new TakenBatch(List.of(), false);
            }
        };
        inbox.drainForReading(phone);
        assertEquals(List.of(phone, tablet, laptop), taken);
    }

    @Test
    void anAckThatMarksAMessageDeliveredAnnouncesThatMessage() {
        ackMarks = List.of(new StatusChanged(conversation, 7, 7, Status.DELIVERED));
        assertEquals(1, inbox.acknowledge(phone, List.of(UUID.randomUUID())));
        assertEquals(List.of(new StatusChanged(conversation, 7, 7, Status.DELIVERED)), events.fired);
    }

    @Test
    void anAckOfSeveralMessagesAnnouncesOneRangePerConversation() {
        UUID other = UUID.randomUUID();
        ackMarks = List.of(new StatusChanged(conversation, 9, 9, Status.DELIVERED),
                new StatusChanged(other, 3, 3, Status.DELIVERED),
                new StatusChanged(conversation, 7, 7, Status.DELIVERED),
                new StatusChanged(conversation, 12, 12, Status.DELIVERED));
        assertEquals(4, inbox.acknowledge(phone, List.of(UUID.randomUUID(), UUID.randomUUID())));
        assertEquals(List.of(new StatusChanged(conversation, 7, 12, Status.DELIVERED),
                new StatusChanged(other, 3, 3, Status.DELIVERED)), events.fired);
    }

    @Test
    void anAckThatChangesNothingAnnouncesNothing() {
        assertEquals(0, inbox.acknowledge(phone, List.of(UUID.randomUUID())));
        assertEquals(List.of(), events.fired);
    }

    @Test
    void aFetchAnnouncesOneRangeFromTheFirstToTheLastMessageItMarked() {
        fetchMarks = List.of(12L, 9L, 15L);
        inbox.fetched(phone, conversation, 1, 50);
        assertEquals(List.of("1..50"), fetches);
        assertEquals(List.of(new StatusChanged(conversation, 9, 15, Status.DELIVERED)), events.fired);
    }

    @Test
    void aFetchThatMarksNothingAnnouncesNothing() {
        inbox.fetched(phone, conversation, 1, 50);
        assertEquals(List.of(), events.fired);
    }

    @Test
    void aChangeCoversAConversationAndARangeFromOneUpAndBringsDeliveredReadOrFailed() {
        for (long[] range : new long[][] {{0, 3}, {4, 3}, {-1, -1}}) {
            assertThrows(IllegalArgumentException.class,
                    () -> new StatusChanged(conversation, range[0], range[1], Status.READ));
        }
        assertThrows(IllegalArgumentException.class, () -> new StatusChanged(null, 1, 1, Status.READ));
        assertThrows(IllegalArgumentException.class, () -> new StatusChanged(conversation, 1, 1, Status.SENT));
        assertThrows(IllegalArgumentException.class, () -> new StatusChanged(conversation, 1, 1, null));
    }
}
