package app.famichat.recovery;

import app.famichat.accounts.Account;
import app.famichat.accounts.AccountService;
import app.famichat.accounts.Credentials;
import app.famichat.accounts.PasswordConfirmation;
import app.famichat.custody.CustodyMetrics;
import app.famichat.custody.CustodyMetrics.RecoveryOutcome;
import app.famichat.custody.Keyrings;
import app.famichat.delivery.SecurityEvents;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import app.famichat.sessions.Caller;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A locked user's recovery code (docs/security.md, "Recovery code"; issue 14): made and revoked while signed in,
 * with the password; used, without any token, when the password is forgotten. A use wraps the user's keyring
 * under the new password, changes the sign-in password, revokes every token and uses the code up. Unknown users,
 * hosted users, users without a code and wrong codes get the same answer (no user enumeration); attempts are rate
 * limited per client address and failures per username ({@link Limiter#RECOVERY_ADDRESS},
 * {@link Limiter#RECOVERY_ACCOUNT}).
 */
@Stateless
public class CodeRecovery {

    @Inject
    PasswordConfirmation confirmation;

    @Inject
    Keyrings keyrings;

    @Inject
    AccountService accounts;

    @Inject
    RateLimiters limiters;

    @Inject
    SecurityEvents events;

    @Inject
    CustodyMetrics metrics;

    @Inject
    RecoveryCompletion completion;

    /**
     * A new recovery code for the signed-in caller, replacing theirs if any; shown once.
     *
     * @throws FamichatException 403 for a wrong password, 409 for a hosted account, 429 over the limit
     */
    public String generate(Caller caller, String password) {
        confirmation.confirm(caller.userId(), password);
        String code = keyrings.newRecoveryCode(caller.userId());
        events.accountEvent("recovery_code_set", caller.userId());
        return code;
    }

    /** When the caller's recovery code was made, if they have one. */
    public Optional<Instant> createdAt(UUID userId) {
        return keyrings.recoveryCodeCreatedAt(userId);
    }

    /** Deletes the caller's recovery code (nothing if there is none). */
    public void revoke(Caller caller, String password) {
        confirmation.confirm(caller.userId(), password);
        if (keyrings.revokeRecoveryCode(caller.userId())) {
            events.accountEvent("recovery_code_revoked", caller.userId());
        }
    }

    /**
     * Forgot password: the username, the recovery code and a new password.
     *
     * @param clientAddress the rate-limit key of the client's address
     * @throws FamichatException 400 for a new password that breaks the rules, 403 for an unknown username or a
     *                           wrong code (the same either way), 429 over a limit
     */
    public void recover(String username, String code, String newPassword, String clientAddress) {
        String canonical = username == null ? "" : username.toLowerCase(Locale.ROOT);
        // The rules depend on the typed name only, so checking them first tells nothing about the account.
        Credentials.checkPassword("newPassword", newPassword, canonical);
        Map<Limiter, String> keys = new EnumMap<>(Limiter.class);
        keys.put(Limiter.RECOVERY_ADDRESS, clientAddress);
        keys.put(Limiter.RECOVERY_ACCOUNT, canonical);
        RateLimiters.Counted attempt;
        try {
            attempt = limiters.check(keys);
        } catch (FamichatException e) {
            metrics.codeRecovery(RecoveryOutcome.RATE_LIMITED);
            throw e;
        }
        Optional<Account> found = Credentials.isWellFormedUsername(canonical)
                ? accounts.findByUsername(canonical) : Optional.empty();
        if (found.isEmpty() || !keyrings.recoverWithCode(found.get().id(), code, newPassword)) {
            metrics.codeRecovery(RecoveryOutcome.REFUSED);
            throw new FamichatException(Failure.FORBIDDEN, "Unknown username or wrong recovery code");
        }
        completion.completed(found.get().id(), newPassword, RecoveryCompletion.Method.CODE, attempt);
    }
}
