package app.famichat.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.accounts.AccountService;
import app.famichat.accounts.PasswordHasher;
import app.famichat.custody.CustodyMetrics;
import app.famichat.custody.CustodyMetrics.FamilyRecoveryOutcome;
import app.famichat.custody.CustodyMetrics.RecoveryOutcome;
import app.famichat.delivery.SecurityEvents;
import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import app.famichat.sessions.SessionService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The end both recoveries share ({@link RecoveryCompletion}): the new password's hash stored, every token revoked,
 * the method's security event and metric, and the per-username failure counted by a recovery code given back
 * (a family recovery has no such limiter to refund).
 */
class RecoveryCompletionTest {

    private final UUID user = UUID.randomUUID();
    private final RateLimiters.Counted attempt = new RateLimiters.Counted(Map.of());
    private final List<String> done = new ArrayList<>();
    private final RecoveryCompletion completion = new RecoveryCompletion();

    {
        completion.hasher = new PasswordHasher() {
            @Override
            public String hash(String password) {
                return "hash of " + password;
            }
        };
        completion.accounts = new AccountService() {
            @Override
            public void changePasswordHash(UUID userId, String passwordHash) {
                done.add("password " + userId + " " + passwordHash);
            }
        };
        completion.sessions = new SessionService() {
            @Override
            public void signOutEverywhere(UUID userId) {
                done.add("sign out " + userId);
            }
        };
        completion.events = new SecurityEvents() {
            @Override
            public void accountEvent(String kind, UUID userId) {
                done.add("event " + kind + " " + userId);
            }
        };
        completion.limiters = new RateLimiters() {
            @Override
            public void refund(Counted counted, Limiter limiter) {
                done.add("refund " + limiter + (counted == attempt ? " of this attempt" : " of another"));
            }
        };
        completion.metrics = new CustodyMetrics() {
            @Override
            public void codeRecovery(RecoveryOutcome outcome) {
                done.add("code " + outcome);
            }

            @Override
            public void familyRecovery(FamilyRecoveryOutcome outcome) {
                done.add("guardians " + outcome);
            }
        };
    }

    @Test
    void aRecoveryCodeSetsThePasswordSignsOutEverywhereAndGivesTheUsernamesAttemptBack() {
        completion.completed(user, "the new password", RecoveryCompletion.Method.CODE, attempt);
        assertEquals(List.of("password " + user + " hash of the new password", "sign out " + user,
                "event recovery_code_used " + user, "refund RECOVERY_ACCOUNT of this attempt", "code RECOVERED"),
                done);
    }

    @Test
    void theGuardiansSetThePasswordSignOutEverywhereAndRefundNothing() {
        completion.completed(user, "the new password", RecoveryCompletion.Method.GUARDIANS, attempt);
        assertEquals(List.of("password " + user + " hash of the new password", "sign out " + user,
                "event recovery_completed " + user, "guardians RECOVERED"), done);
    }
}
