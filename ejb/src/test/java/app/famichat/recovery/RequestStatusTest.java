package app.famichat.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A request's life: pending, then approved, refused, expired or cancelled; only an approved one completes. */
class RequestStatusTest {

    @Test
    void aPendingRequestIsDecidedExpiredOrCancelled() {
        assertEquals(EnumSet.of(RequestStatus.APPROVED, RequestStatus.REFUSED, RequestStatus.EXPIRED,
                RequestStatus.CANCELLED), next(RequestStatus.PENDING));
    }

    @Test
    void onlyAnApprovedRequestCompletes() {
        assertEquals(EnumSet.of(RequestStatus.COMPLETED, RequestStatus.EXPIRED, RequestStatus.CANCELLED),
                next(RequestStatus.APPROVED));
        assertFalse(RequestStatus.PENDING.canBecome(RequestStatus.COMPLETED));
    }

    @Test
    void closedStatesAreFinal() {
        for (RequestStatus closed : EnumSet.of(RequestStatus.REFUSED, RequestStatus.EXPIRED, RequestStatus.CANCELLED,
                RequestStatus.COMPLETED)) {
            assertTrue(next(closed).isEmpty(), closed.value());
            assertFalse(closed.isOpen());
        }
        assertTrue(RequestStatus.PENDING.isOpen());
        assertTrue(RequestStatus.APPROVED.isOpen());
    }

    @Test
    void threeOfFive() {
        // two approvals, one refusal, two still to decide: pending
        assertEquals(RequestStatus.PENDING, RequestStatus.afterDecision(2, 2, 3));
        assertEquals(RequestStatus.APPROVED, RequestStatus.afterDecision(3, 1, 3));
        // one approval, three refusals: even the last could not reach three
        assertEquals(RequestStatus.REFUSED, RequestStatus.afterDecision(1, 1, 3));
        // three refusals, no approval, two left: refused
        assertEquals(RequestStatus.REFUSED, RequestStatus.afterDecision(0, 2, 3));
        assertEquals(RequestStatus.PENDING, RequestStatus.afterDecision(0, 3, 3));
    }

    @Test
    void valuesAreTheApisAndParseBack() {
        for (RequestStatus status : RequestStatus.values()) {
            assertEquals(status, RequestStatus.of(status.value()).orElseThrow());
        }
        assertEquals("cancelled", RequestStatus.CANCELLED.value());
        assertTrue(RequestStatus.of("PENDING").isEmpty());
    }

    private static Set<RequestStatus> next(RequestStatus from) {
        Set<RequestStatus> next = EnumSet.noneOf(RequestStatus.class);
        for (RequestStatus to : RequestStatus.values()) {
            if (from.canBecome(to)) {
                next.add(to);
            }
        }
        return next;
    }
}
