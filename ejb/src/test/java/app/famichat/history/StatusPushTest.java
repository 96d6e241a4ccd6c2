package app.famichat.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.delivery.MessagePush;
import app.famichat.delivery.StatusChanged;
import app.famichat.delivery.StatusUpdate;
import app.famichat.send.HistoryEntry.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a node pushes for a {@link StatusChanged}: only to the senders connected here, only the messages that now
 * have the status the change may have brought (by the one status rule), with one query for the senders and one
 * per connected sender.
 */
class StatusPushTest {

    private final UUID conversation = UUID.randomUUID();
    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID cat = UUID.randomUUID();
    private final Map<UUID, List<StatusFacts>> factsBySender = new HashMap<>();
    private final List<String> queries = new ArrayList<>();
    /** The users with a socket on this node, and what the fake push was handed per user. */
    private final Set<UUID> connected = new HashSet<>();
    private final Map<UUID, List<StatusUpdate>> pushed = new HashMap<>();
    private final StatusPush push = new StatusPush();

    StatusPushTest() {
        push.push = new MessagePush() {
            @Override
            public Set<UUID> connectedUsers() {
                return Set.copyOf(connected);
            }

            @Override
            public void statusChanged(UUID userId, List<StatusUpdate> updates) {
                pushed.computeIfAbsent(userId, user -> new ArrayList<>()).addAll(updates);
            }
        };
        push.statuses = new StatusStore() {
            @Override
            List<UUID> senders(UUID conversationId, long fromSeq, long toSeq) {
                queries.add("senders " + fromSeq + ".." + toSeq);
                return List.copyOf(factsBySender.keySet());
            }

            @Override
            List<StatusFacts> ofOwnMessages(UUID conversationId, UUID senderId, long fromSeq, long toSeq) {
                queries.add("statuses of " + senderId);
                return factsBySender.getOrDefault(senderId, List.of());
            }
        };
    }

    /** Facts that {@link StatusFacts#status} turns into {@code status} (two other members, two devices). */
    private static StatusFacts facts(long seq, Status status) {
        return switch (status) {
            case SENT -> new StatusFacts(UUID.randomUUID(), seq, 2, 1, 2, 0, 0);
            case DELIVERED -> new StatusFacts(UUID.randomUUID(), seq, 2, 2, 2, 1, 0);
            case READ -> new StatusFacts(UUID.randomUUID(), seq, 2, 2, 2, 2, 0);
            case FAILED -> new StatusFacts(UUID.randomUUID(), seq, 2, 1, 2, 0, 1);
        };
    }

    @Test
    void aDeliveryTellsTheConnectedSenderWhatIsNowDeliveredInSeqOrder() {
        StatusFacts sent = facts(3, Status.SENT);
        StatusFacts later = facts(5, Status.DELIVERED);
        StatusFacts delivered = facts(4, Status.DELIVERED);
        StatusFacts read = facts(6, Status.READ);
        factsBySender.put(ann, List.of(sent, later, read, delivered));
        connected.add(ann);

        push.changed(new StatusChanged(conversation, 3, 6, Status.DELIVERED));

        assertEquals(Map.of(ann, List.of(
                new StatusUpdate(conversation, delivered.messageId(), 4, Status.DELIVERED),
                new StatusUpdate(conversation, later.messageId(), 5, Status.DELIVERED))), pushed,
                "sent is never news, and a read message was told when it was read");
        assertEquals(List.of("senders 3..6", "statuses of " + ann), queries);
    }

    @Test
    void aReadTellsOnlyWhatIsNowRead() {
        StatusFacts read = facts(2, Status.READ);
        factsBySender.put(ann, List.of(facts(1, Status.DELIVERED), read, facts(3, Status.SENT)));
        connected.add(ann);

        push.changed(new StatusChanged(conversation, 1, 3, Status.READ));

        assertEquals(Map.of(ann, List.of(new StatusUpdate(conversation, read.messageId(), 2, Status.READ))), pushed,
                "a read by some of the members leaves the others delivered: no news");
    }

    @Test
    void membersWhoDidNotSendHearNothingAndSendersElsewhereCostNoQuery() {
        factsBySender.put(ann, List.of(facts(1, Status.READ)));
        factsBySender.put(bob, List.of(facts(2, Status.READ)));
        connected.add(ann);
        connected.add(cat);

        push.changed(new StatusChanged(conversation, 1, 2, Status.READ));

        assertEquals(Set.of(ann), pushed.keySet(), "cat sent none of them");
        assertEquals(2, queries.size(), "bob has no socket on this node: " + queries);
        assertEquals(List.of("statuses of " + ann), queries.stream().filter(q -> q.startsWith("statuses")).toList());
    }

    @Test
    void aNodeWithoutSocketsAsksNothing() {
        factsBySender.put(ann, List.of(facts(1, Status.READ)));
        push.changed(new StatusChanged(conversation, 1, 1, Status.READ));
        assertEquals(List.of(), queries);
    }

    @Test
    void nothingThatReachedTheStatusPushesNothing() {
        factsBySender.put(ann, List.of(facts(1, Status.SENT)));
        connected.add(ann);
        push.changed(new StatusChanged(conversation, 1, 1, Status.DELIVERED));
        assertEquals(Map.of(), pushed);
    }

    /** A failure is told once; a later delivery or read of the same message is no news (it stays failed). */
    @Test
    void aFailureIsToldAndNothingLaterHidesIt() {
        StatusFacts failed = facts(2, Status.FAILED);
        factsBySender.put(ann, List.of(failed));
        connected.add(ann);

        push.changed(new StatusChanged(conversation, 2, 2, Status.FAILED));
        push.changed(new StatusChanged(conversation, 2, 2, Status.DELIVERED));
        push.changed(new StatusChanged(conversation, 2, 2, Status.READ));

        assertEquals(Map.of(ann, List.of(new StatusUpdate(conversation, failed.messageId(), 2, Status.FAILED))),
                pushed);
    }
}
