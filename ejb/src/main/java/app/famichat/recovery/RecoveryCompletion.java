package app.famichat.recovery;

import app.famichat.accounts.AccountService;
import app.famichat.accounts.PasswordHasher;
import app.famichat.custody.CustodyMetrics;
import app.famichat.custody.CustodyMetrics.FamilyRecoveryOutcome;
import app.famichat.custody.CustodyMetrics.RecoveryOutcome;
import app.famichat.delivery.SecurityEvents;
import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import app.famichat.sessions.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * What every way of recovering a locked account does once its keyring is wrapped under the new password
 * (docs/security.md, "Recovery code" and "Family recovery"): the sign-in password becomes the new one, every token
 * is revoked (a device signed in under the old password must sign in again), a security event is recorded and the
 * recovery counted. {@link CodeRecovery} and {@link FamilyRecovery} each keep only how they get K
 * back. Runs in the caller's transaction.
 */
@ApplicationScoped
public class RecoveryCompletion {

    /** How the keyring was recovered: its security event and its limiter refunded on success, if any. */
    enum Method {
        /** The recovery code: failures are limited per username, so a success gives its attempt back. */
        CODE("recovery_code_used", Limiter.RECOVERY_ACCOUNT),
        /** The guardians' shares: a completion is limited per address only (its requests are counted at start). */
        GUARDIANS("recovery_completed", null);

        private final String event;
        private final Limiter refunded;

        Method(String event, Limiter refunded) {
            this.event = event;
            this.refunded = refunded;
        }

        Optional<Limiter> refunded() {
            return Optional.ofNullable(refunded);
        }
    }

    @Inject
    AccountService accounts;

    @Inject
    PasswordHasher hasher;

    @Inject
    SessionService sessions;

    @Inject
    SecurityEvents events;

    @Inject
    RateLimiters limiters;

    @Inject
    CustodyMetrics metrics;

    /**
     * Finishes a recovery whose keyring is already wrapped under {@code newPassword}.
     *
     * @param attempt the rate-limit hits of this attempt (the method's limiter, if any, is refunded)
     */
    void completed(UUID userId, String newPassword, Method method, RateLimiters.Counted attempt) {
        accounts.changePasswordHash(userId, hasher.hash(newPassword));
        sessions.signOutEverywhere(userId);
        events.accountEvent(method.event, userId);
        method.refunded().ifPresent(limiter -> limiters.refund(attempt, limiter));
        switch (method) {
            case CODE -> metrics.codeRecovery(RecoveryOutcome.RECOVERED);
            case GUARDIANS -> metrics.familyRecovery(FamilyRecoveryOutcome.RECOVERED);
        }
    }
}
