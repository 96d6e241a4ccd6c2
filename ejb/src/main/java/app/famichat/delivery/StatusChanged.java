package app.famichat.delivery;

import app.famichat.send.HistoryEntry.Status;
import java.util.UUID;

/**
 * A CDI event: the conversation's messages with seq in [fromSeq, toSeq] may have reached {@code status} in the
 * transaction that fires it: DELIVERED (a recipient device acknowledged or fetched them), READ (a member's read
 * cursor passed them) or FAILED (a recipient device will never get one of them). After that transaction commits,
 * the history package announces it to every node (its {@code StatusAnnouncements}), and the nodes holding a socket
 * of a sender of those messages push the messages that did reach it. One event per transaction,
 * however many messages it covers.
 */
public record StatusChanged(UUID conversationId, long fromSeq, long toSeq, Status status) {

    public StatusChanged {
        if (conversationId == null || fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("a conversation and a range of seqs from 1 up");
        }
        if (status == null || status == Status.SENT) {
            throw new IllegalArgumentException("messages can only reach delivered, read or failed");
        }
    }
}
