package app.famichat.history;

import app.famichat.platform.persistence.Rows;
import app.famichat.send.HistoryEntry.Status;
import java.util.UUID;

/**
 * What the database knows about how far one of a sender's own messages has got, and the one rule that turns it
 * into a {@link Status}: FAILED once a recipient device will never get it (whatever else happened: the sender must
 * see it), else READ once every other member's read cursor has reached it, DELIVERED once every recipient device
 * has it, else SENT. A conversation without other members never reads; a message without recipient devices (a
 * self conversation, a vault-only one) is never delivered.
 *
 * @param seq the message's place in its conversation
 * @param fanOut recipient devices of the message
 * @param delivered of them, those that have it (acknowledged or fetched)
 * @param otherMembers members of the conversation now, the sender excepted
 * @param readers of them, those whose read cursor has reached the message
 * @param failed recipient devices that will never get it ({@code message_failures})
 */
record StatusFacts(UUID messageId, long seq, long fanOut, long delivered, long otherMembers, long readers,
                   long failed) {

    /** A row of {@link StatusStore#ofOwnMessages}, columns in this record's order. */
    static StatusFacts from(Rows.Row row) {
        return new StatusFacts(row.uuid(0), row.longValue(1), row.longValue(2), row.longValue(3), row.longValue(4),
                row.longValue(5), row.longValue(6));
    }

    Status status() {
        if (failed > 0) {
            return Status.FAILED;
        }
        if (otherMembers > 0 && readers == otherMembers) {
            return Status.READ;
        }
        return fanOut > 0 && delivered >= fanOut ? Status.DELIVERED : Status.SENT;
    }
}
