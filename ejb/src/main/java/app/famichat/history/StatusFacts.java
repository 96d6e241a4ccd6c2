package app.famichat.history;

import app.famichat.platform.persistence.Rows;
import app.famichat.send.HistoryEntry.Status;
import java.util.UUID;

/**
 * What the database knows about how far one of a sender's own messages has got, and the one rule that turns it
 * into a {@link Status}: READ once every other member's read cursor has reached it, DELIVERED once every recipient
 * device has it, else SENT. A conversation without other members never reads; a message without recipient
 * devices (a self conversation, a vault-only one) is never delivered.
 *
 * @param seq the message's place in its conversation
 * @param fanOut recipient devices of the message
 * @param delivered of them, those that have it (acknowledged or fetched)
 * @param otherMembers members of the conversation now, the sender excepted
 * @param readers of them, those whose read cursor has reached the message
 */
record StatusFacts(UUID messageId, long seq, long fanOut, long delivered, long otherMembers, long readers) {

    /** A row of {@link StatusStore#ofOwnMessages}, columns in this record's order. */
    static StatusFacts from(Rows.Row row) {
        return new StatusFacts(row.uuid(0), row.longValue(1), row.longValue(2), row.longValue(3), row.longValue(4),
                row.longValue(5));
    }

    Status status() {
        if (otherMembers > 0 && readers == otherMembers) {
            return Status.READ;
        }
        return fanOut > 0 && delivered >= fanOut ? Status.DELIVERED : Status.SENT;
    }
}
