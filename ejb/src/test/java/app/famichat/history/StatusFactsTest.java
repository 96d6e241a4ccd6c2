package app.famichat.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.send.HistoryEntry.Status;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatusFactsTest {

    private static Status status(long fanOut, long delivered, long otherMembers, long readers) {
        return status(fanOut, delivered, otherMembers, readers, 0);
    }

    private static Status status(long fanOut, long delivered, long otherMembers, long readers, long failed) {
        return new StatusFacts(UUID.randomUUID(), 1, fanOut, delivered, otherMembers, readers, failed).status();
    }

    @Test
    void storedButNotOnEveryRecipientDeviceIsSent() {
        assertEquals(Status.SENT, status(3, 0, 2, 0));
        assertEquals(Status.SENT, status(3, 2, 2, 1));
    }

    @Test
    void onEveryRecipientDeviceIsDelivered() {
        assertEquals(Status.DELIVERED, status(3, 3, 2, 0));
        assertEquals(Status.DELIVERED, status(3, 3, 2, 1));
    }

    /** A device removed after the send leaves more delivered envelopes than it now takes. */
    @Test
    void moreDeliveredThanTheFanOutIsStillDelivered() {
        assertEquals(Status.DELIVERED, status(2, 3, 2, 0));
    }

    @Test
    void readByEveryOtherMemberIsRead() {
        assertEquals(Status.READ, status(3, 3, 2, 2));
    }

    @Test
    void readWinsOverDeliveryItDoesNotWaitFor() {
        assertEquals(Status.READ, status(3, 1, 2, 2));
    }

    @Test
    void withoutRecipientDevicesNothingIsEverDelivered() {
        assertEquals(Status.SENT, status(0, 0, 0, 0));
        assertEquals(Status.SENT, status(0, 0, 1, 0));
    }

    @Test
    void withoutOtherMembersNothingIsEverRead() {
        assertEquals(Status.DELIVERED, status(1, 1, 0, 0));
    }

    /** A recipient device that will never get the message: the sender sees it, whatever the others did. */
    @Test
    void aRecipientDeviceThatNeverGetsItMakesItFailed() {
        assertEquals(Status.FAILED, status(3, 0, 2, 0, 1));
        assertEquals(Status.FAILED, status(3, 2, 2, 0, 1));
        assertEquals(Status.FAILED, status(3, 2, 2, 2, 1), "read by the members on their other devices");
    }
}
