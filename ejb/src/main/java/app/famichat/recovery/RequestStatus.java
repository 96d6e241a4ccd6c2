package app.famichat.recovery;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a family recovery request is (docs/api.md): pending until enough guardians approve (approved) or enough
 * refuse that the threshold is out of reach (refused); an open request (pending or approved) expires at its
 * deadline or is cancelled by the signed-in owner; only an approved one can be completed. The closed states are
 * final.
 */
public enum RequestStatus {
    PENDING,
    APPROVED,
    REFUSED,
    EXPIRED,
    CANCELLED,
    COMPLETED;

    /** As in the API and the database. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RequestStatus> of(String value) {
        for (RequestStatus status : values()) {
            if (status.value().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** Pending or approved: it can still end in a recovery, and its keys are kept. */
    public boolean isOpen() {
        return this == PENDING || this == APPROVED;
    }

    /** Whether this status may become {@code next}. */
    public boolean canBecome(RequestStatus next) {
        return switch (this) {
            case PENDING -> Set.of(APPROVED, REFUSED, EXPIRED, CANCELLED).contains(next);
            case APPROVED -> Set.of(EXPIRED, CANCELLED, COMPLETED).contains(next);
            case REFUSED, EXPIRED, CANCELLED, COMPLETED -> false;
        };
    }

    /**
     * A pending request after a decision: approved once {@code approvals} reach the threshold, refused once even
     * every guardian who has not decided yet ({@code undecided}, with a usable share) could not reach it, pending
     * otherwise.
     */
    public static RequestStatus afterDecision(int approvals, int undecided, int threshold) {
        if (approvals >= threshold) {
            return APPROVED;
        }
        return approvals + undecided < threshold ? REFUSED : PENDING;
    }
}
