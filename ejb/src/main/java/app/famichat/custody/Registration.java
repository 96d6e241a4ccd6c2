package app.famichat.custody;

import app.famichat.accounts.Account;
import app.famichat.accounts.AccountService;
import app.famichat.vault.UnlockedKeyrings;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/**
 * Registration with the operator's default custody ({@code famichat.custody.default}), in one transaction: the
 * account is created (hosted, as {@link AccountService} makes every account), and a locked default then wraps its
 * new keys under a keyring at once, before anything of theirs is committed in hosted form.
 */
@Stateless
public class Registration {

    @Inject
    AccountService accounts;

    @Inject
    Keyrings keyrings;

    @Inject
    CustodySettings settings;

    public Account register(String username, String password, String displayName) {
        Account account = accounts.register(username, password, displayName);
        if (settings.forNewAccounts() == KeyCustody.LOCKED) {
            try (UnlockedKeyrings.Binding unused = keyrings.lock(account.id(), password, null, null, null)) {
                // nothing more to do with K: the user signs in next, which unlocks it again
            }
        }
        return account;
    }
}
