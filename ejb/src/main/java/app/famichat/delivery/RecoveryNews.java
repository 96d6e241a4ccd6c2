package app.famichat.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * Family recovery news for every socket of a user (docs/api.md, frames {@code recovery-requested},
 * {@code recovery-closed} and {@code guardian-request}): a request for their own account has started (with its
 * device, address and deadline) or has ended, or a request they guard has started or changed (its id only: the
 * client reads the rest with its token).
 */
public record RecoveryNews(Kind kind, UUID requestId, String device, String address, Instant expiresAt) {

    public enum Kind {
        /** To the owner: someone asked to recover their account. */
        RECOVERY_REQUESTED,
        /** To the owner: a request for their account ended (refused, expired, cancelled, replaced or completed). */
        RECOVERY_CLOSED,
        /** To a guardian: a request they guard started or changed. */
        GUARDIAN_REQUEST
    }

    public static RecoveryNews guardianRequest(UUID requestId) {
        return new RecoveryNews(Kind.GUARDIAN_REQUEST, requestId, null, null, null);
    }

    public static RecoveryNews recoveryClosed(UUID requestId) {
        return new RecoveryNews(Kind.RECOVERY_CLOSED, requestId, null, null, null);
    }
}
