package app.famichat.sessions;

import app.famichat.accounts.AccountService;
import app.famichat.accounts.Credentials;
import app.famichat.accounts.PasswordConfirmation;
import app.famichat.accounts.PasswordHasher;
import app.famichat.custody.Keyrings;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * A signed-in user changes their password, confirming the current one. Every other token of the account is
 * revoked (whoever learnt the old password may have signed in with it); the token of the request stays valid. A
 * locked user's keyring is wrapped again under the new password (the same key: nothing else changes).
 */
@Stateless
public class PasswordChange {

    @Inject
    AccountService accounts;

    @Inject
    PasswordConfirmation confirmation;

    @Inject
    PasswordHasher hasher;

    @Inject
    TokenStore tokens;

    @Inject
    Keyrings keyrings;

    @Inject
    Event<SessionsRevoked> revocations;

    public void change(Caller caller, String currentPassword, String newPassword) {
        // The new password's rules first: a refused one costs no Argon2 run and no confirmation attempt.
        Credentials.checkPassword("newPassword", newPassword, accounts.require(caller.userId()).username());
        confirmation.confirm(caller.userId(), currentPassword);
        accounts.changePasswordHash(caller.userId(), hasher.hash(newPassword));
        keyrings.passwordChanged(caller.userId(), newPassword);
        List<String> revoked = tokens.revokeAllBut(caller.userId(), caller.tokenHash(), Instant.now());
        if (!revoked.isEmpty()) {
            revocations.fire(new SessionsRevoked(caller.userId(), revoked));
        }
    }
}
