package app.famichat.accounts;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * The signed-in user types their password again before something a stolen token alone must not do (changing the
 * password, deleting the account). Wrong passwords are rate limited per account ({@link Limiter#PASSWORD_ACCOUNT}),
 * so that a token cannot be used to guess the password either.
 */
@ApplicationScoped
public class PasswordConfirmation {

    @Inject
    AccountService accounts;

    @Inject
    PasswordHasher hasher;

    @Inject
    RateLimiters rateLimiters;

    /**
     * The account, if {@code password} is its password.
     *
     * @throws FamichatException 403 for a wrong password (not 401: the token is fine), 429 over the limit
     */
    public Account confirm(UUID userId, String password) {
        // Counted before the check, so that concurrent guesses cannot all slip past the limit; refunded when right.
        RateLimiters.Counted attempt = rateLimiters.check(Limiter.PASSWORD_ACCOUNT, userId.toString());
        Account account = accounts.require(userId);
        boolean verifiable = password != null && password.length() <= Credentials.MAX_PASSWORD * 2;
        if (!verifiable || !hasher.verify(password, accounts.passwordHashOf(account))) {
            throw new FamichatException(Failure.FORBIDDEN, "The password is wrong");
        }
        rateLimiters.refund(attempt, Limiter.PASSWORD_ACCOUNT);
        return account;
    }
}
